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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a server, for network faults below HTTP: it copies bytes and knows
 * nothing of HTTP. It can close a client connection that has been idle for a while (as nginx's
 * {@code keepalive_timeout} and load balancers do), and reset one in the middle of an answer (a
 * RST, as a crashing middlebox sends). It counts connections and keeps every byte clients sent.
 */
public final class TcpRelay implements AutoCloseable {
  /** Bytes of the answer's body that go through before the reset: it is cut mid-body. */
  private static final int RESET_AFTER_BODY_BYTES = 10;

  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final long idleCloseMillis;
  private final String resetMarker;
  private final int resetOccurrence;
  private final AtomicInteger markersSeen = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger idleClosed = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private TcpRelay(
      InetSocketAddress upstream, long idleCloseMillis, String resetMarker, int resetOccurrence)
      throws IOException {
    this.upstream = upstream;
    this.idleCloseMillis = idleCloseMillis;
    this.resetMarker = resetMarker;
    this.resetOccurrence = resetOccurrence;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "tcp-relay-accept");
    t.setDaemon(true);
    t.start();
  }

  /** Closes a client connection idle (no byte either way) for longer than {@code millis}. */
  public static TcpRelay closingIdle(InetSocketAddress upstream, long millis) throws IOException {
    return new TcpRelay(upstream, millis, null, 0);
  }

  /**
   * Resets the client connection that carries the {@code occurrence}-th request containing {@code
   * marker} (1 for the first), in the middle of the answer's body: after the end of its headers and
   * a few bytes more.
   */
  public static TcpRelay resettingMidBody(InetSocketAddress upstream, String marker, int occurrence)
      throws IOException {
    return new TcpRelay(upstream, 0, marker, occurrence);
  }

  public int port() {
    return listener.getLocalPort();
  }

  public int connections() {
    return connections.get();
  }

  public int idleClosed() {
    return idleClosed.get();
  }

  public int resets() {
    return resets.get();
  }

  /** Every byte clients sent, as text. */
  public String received() {
    synchronized (received) {
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        Socket server = new Socket();
        server.connect(upstream, 5_000);
        open.add(client);
        open.add(server);
        Pair pair = new Pair(client, server);
        start(pair::clientToServer, "tcp-relay-up");
        start(pair::serverToClient, "tcp-relay-down");
        if (idleCloseMillis > 0) start(pair::watchIdle, "tcp-relay-idle");
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  private static void start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  /** One client connection and its connection to the server. */
  private final class Pair {
    final Socket client;
    final Socket server;
    volatile long lastActivity = System.nanoTime();
    volatile boolean resetThisAnswer;
    volatile boolean done;

    Pair(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void clientToServer() {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = client.getInputStream();
          OutputStream out = server.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) > 0) {
          lastActivity = System.nanoTime();
          synchronized (received) {
            received.write(buf, 0, n);
          }
          if (resetMarker != null
              && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains(resetMarker)
              && markersSeen.incrementAndGet() == resetOccurrence) {
            resetThisAnswer = true;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away
      } finally {
        end();
      }
    }

    void serverToClient() {
      byte[] buf = new byte[16 * 1024];
      byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
      try (InputStream in = server.getInputStream();
          OutputStream out = client.getOutputStream()) {
        int n;
        int bodySeen = -1; // bytes of the answer's body passed on; -1 while in its headers
        while ((n = in.read(buf)) > 0) {
          lastActivity = System.nanoTime();
          if (resetThisAnswer) {
            int from = 0;
            if (bodySeen < 0) {
              int end = indexOf(buf, n, headerEnd);
              if (end >= 0) {
                bodySeen = 0;
                from = end + headerEnd.length;
              }
            }
            if (bodySeen >= 0) {
              int want = RESET_AFTER_BODY_BYTES - bodySeen;
              if (n - from >= want) {
                out.write(buf, 0, from + want);
                out.flush();
                resets.incrementAndGet();
                client.setSoLinger(true, 0); // close with RST
                client.close();
                server.close();
                return;
              }
              bodySeen += n - from;
            }
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away
      } finally {
        end();
      }
    }

    void watchIdle() {
      try {
        while (!done) {
          Thread.sleep(20);
          if (System.nanoTime() - lastActivity > idleCloseMillis * 1_000_000L) {
            idleClosed.incrementAndGet();
            end();
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void end() {
      done = true;
      try {
        client.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      try {
        server.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static int indexOf(byte[] buf, int len, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= len; i++) {
      for (int j = 0; j < needle.length; j++) if (buf[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket s : open) s.close();
  }
}
