package dev.borgform.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTPS proxy for tests: it answers {@code CONNECT host:port} and then copies bytes both
 * ways, as corporate proxies do for HTTPS. It can demand credentials (407) or refuse every tunnel
 * with a status (403, 502). It keeps the head of every request and every byte sent through its
 * tunnels, so a test can check what a proxy gets to see. It opens tunnels to loopback only.
 */
public final class TunnelProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int refuseWith;
  private final String requiredAuthorization;
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream tunnelled = new ByteArrayOutputStream();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private TunnelProxy(int refuseWith, String requiredAuthorization) throws IOException {
    this.refuseWith = refuseWith;
    this.requiredAuthorization = requiredAuthorization;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "tunnel-proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  /** Opens every tunnel. */
  public static TunnelProxy open() throws IOException {
    return new TunnelProxy(0, null);
  }

  /** Opens tunnels only for a CONNECT with this {@code Proxy-Authorization}; 407 otherwise. */
  public static TunnelProxy requiring(String proxyAuthorization) throws IOException {
    return new TunnelProxy(0, proxyAuthorization);
  }

  /** Answers every CONNECT with this status (403, 502, ...) and opens nothing. */
  public static TunnelProxy refusing(int status) throws IOException {
    return new TunnelProxy(status, null);
  }

  public String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The request line and headers of every request the proxy got, in order. */
  public List<String> heads() {
    return List.copyOf(heads);
  }

  /** Everything clients sent through the tunnels (TLS records, if they spoke TLS). */
  public String tunnelled() {
    synchronized (tunnelled) {
      return tunnelled.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "tunnel-proxy");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  private void serve(Socket client) {
    try {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) return;
        heads.add(head);
        String[] line = head.split("\r\n", 2)[0].split(" ");
        if (line.length != 3 || !line[0].equals("CONNECT")) {
          reply(out, 405, "Method Not Allowed", "Connection: close\r\n");
          return;
        }
        if (refuseWith != 0) {
          reply(out, refuseWith, "Refused", "Connection: close\r\n");
          return;
        }
        if (requiredAuthorization != null
            && !requiredAuthorization.equals(header(head, "Proxy-Authorization"))) {
          // Keeps the connection, as proxies do, so the client can answer the challenge.
          reply(
              out,
              407,
              "Proxy Authentication Required",
              "Proxy-Authenticate: Basic realm=\"test\"\r\n");
          continue;
        }
        String target = line[1];
        int colon = target.lastIndexOf(':');
        InetSocketAddress address =
            new InetSocketAddress(
                target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
          reply(out, 403, "Forbidden", "Connection: close\r\n");
          return;
        }
        Socket server = new Socket();
        server.connect(address, 5_000);
        open.add(server);
        out.write(
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread up = new Thread(() -> copy(client, server, true), "tunnel-proxy-up");
        up.setDaemon(true);
        up.start();
        copy(server, client, false);
        return;
      }
    } catch (IOException e) {
      // a side went away
    } finally {
      try {
        client.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void copy(Socket from, Socket to, boolean record) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (record) {
          synchronized (tunnelled) {
            tunnelled.write(buf, 0, n);
          }
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // a side went away
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static void reply(OutputStream out, int status, String reason, String headers)
      throws IOException {
    String body = reason + "\n";
    out.write(
        ("HTTP/1.1 "
                + status
                + " "
                + reason
                + "\r\n"
                + headers
                + "Content-Length: "
                + body.length()
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The request line and headers up to the empty line, or null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      head.write(c);
      String s = head.toString(StandardCharsets.ISO_8859_1);
      if (s.endsWith("\r\n\r\n")) return s;
      if (head.size() > 16 * 1024) throw new IOException("request head too long");
    }
    return null;
  }

  private static String header(String head, String name) {
    for (String l : head.split("\r\n")) {
      int colon = l.indexOf(':');
      if (colon > 0
          && l.substring(0, colon)
              .trim()
              .toLowerCase(Locale.ROOT)
              .equals(name.toLowerCase(Locale.ROOT))) {
        return l.substring(colon + 1).trim();
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket s : open) s.close();
  }
}
