package dev.borgform.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Turns OkHttp's MockWebServer into a forwarding server in front of an emulator: every GraphQL POST
 * is passed on (with its Authorization) and the answer passed back, shaped as another server stack
 * would shape it: as HTTP/1.0 with the connection closed after each answer, with one request
 * answered by a redirect instead of being passed on, or with bodies over a size refused by the
 * forwarder's own HTML page (HTTP 413), as nginx's {@code client_max_body_size} does.
 */
public final class Forwarder extends Dispatcher {
  private final URI upstream;
  private final boolean http10;
  private final String redirectMarker;
  private final int redirectOccurrence;
  private final String redirectTo;
  private final long maxBodyBytes;
  private final AtomicInteger markersSeen = new AtomicInteger();
  private final AtomicInteger refusedForSize = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Forwarder(
      URI upstream, boolean http10, String redirectMarker, int redirectOccurrence, String to) {
    this(upstream, http10, redirectMarker, redirectOccurrence, to, Long.MAX_VALUE);
  }

  private Forwarder(
      URI upstream,
      boolean http10,
      String redirectMarker,
      int redirectOccurrence,
      String to,
      long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.upstream = upstream;
    this.http10 = http10;
    this.redirectMarker = redirectMarker;
    this.redirectOccurrence = redirectOccurrence;
    this.redirectTo = to;
  }

  /** Passes every request on, answering as the upstream did. */
  public static Forwarder passing(URI upstream) {
    return new Forwarder(upstream, false, null, 0, null);
  }

  /** Answers as HTTP/1.0 and closes the connection after every answer, without saying so. */
  public static Forwarder http10(URI upstream) {
    return new Forwarder(upstream, true, null, 0, null);
  }

  /**
   * Answers the {@code occurrence}-th request whose body holds {@code marker} with a 307 to {@code
   * location} (it is not passed on); passes every other request on.
   */
  public static Forwarder redirecting(
      URI upstream, String marker, int occurrence, String location) {
    return new Forwarder(upstream, false, marker, occurrence, location);
  }

  /**
   * Refuses, without passing it on, every request whose body is over {@code maxBodyBytes}, with an
   * HTML page and HTTP 413; passes every other request on.
   */
  public static Forwarder limitingBodies(URI upstream, long maxBodyBytes) {
    return new Forwarder(upstream, false, null, 0, null, maxBodyBytes);
  }

  /** Requests refused with 413 for their size (never passed on). */
  public int refusedForSize() {
    return refusedForSize.get();
  }

  /** Requests passed on to the upstream server. */
  public int forwarded() {
    return forwarded.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (redirectMarker != null
        && body.contains(redirectMarker)
        && markersSeen.incrementAndGet() == redirectOccurrence) {
      return new MockResponse.Builder().code(307).addHeader("Location", redirectTo).build();
    }
    if (request.getBodySize() > maxBodyBytes) {
      refusedForSize.incrementAndGet();
      return new MockResponse.Builder()
          .code(413)
          .addHeader("Content-Type", "text/html")
          .body("<html><head><title>413 Request Entity Too Large</title></head></html>")
          .build();
    }
    HttpResponse<String> answer;
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(upstream)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      String auth = request.getHeaders().get("Authorization");
      if (auth != null) b.header("Authorization", auth);
      answer = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      forwarded.incrementAndGet();
    } catch (Exception e) {
      return new MockResponse.Builder().code(502).body("upstream failed").build();
    }
    MockResponse.Builder out =
        new MockResponse.Builder()
            .code(answer.statusCode())
            .addHeader("Content-Type", "application/json")
            .body(answer.body());
    if (http10) {
      out.status("HTTP/1.0 " + answer.statusCode() + " OK")
          .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE);
    }
    return out.build();
  }
}
