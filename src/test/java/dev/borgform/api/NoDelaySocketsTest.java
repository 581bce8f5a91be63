package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Every socket borgform's HTTP client opens has Nagle's algorithm off, whichever way OkHttp asks
 * for it, so the tail of a large request never waits for the server's delayed acknowledgement.
 */
class NoDelaySocketsTest {
  @Test
  void everyWayOfMakingASocketTurnsNagleOff() throws Exception {
    NoDelaySockets sockets = new NoDelaySockets();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
      int port = server.getLocalPort();
      List<Socket> made =
          List.of(
              sockets.createSocket(),
              sockets.createSocket(loopback.getHostAddress(), port),
              sockets.createSocket(loopback.getHostAddress(), port, loopback, 0),
              sockets.createSocket(loopback, port),
              sockets.createSocket(loopback, port, loopback, 0));
      try {
        for (Socket s : made) assertThat(s.getTcpNoDelay()).as(s.toString()).isTrue();
      } finally {
        for (Socket s : made) s.close();
      }
    }
  }

  @Test
  void theClientConnectsWithThemWhateverClientItIsGiven() throws Exception {
    // A plain OkHttp client, as tests and callers may pass in: the transport puts the sockets on.
    try (BorgBaseClient client =
        new BorgBaseClient(
            new OkHttpClient(),
            Endpoint.parse("http://127.0.0.1:9/graphql"),
            Token.of("not-a-real-token-0123456789"),
            "borgform/test",
            ClientOptions.defaults(),
            Network.direct(),
            GraphQlTransport.MAX_ANSWER_BYTES)) {
      assertThat(client.http().socketFactory()).isInstanceOf(NoDelaySockets.class);
      try (Socket s = client.http().socketFactory().createSocket()) {
        assertThat(s.getTcpNoDelay()).isTrue();
      }
    }
  }
}
