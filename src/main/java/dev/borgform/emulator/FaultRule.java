package dev.borgform.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault to inject: which requests it hits ({@code operation}), what happens to them ({@code
 * kind} with its argument) and when ({@code when}). Written {@code OPERATION:KIND[=ARG][@WHEN]},
 * e.g. {@code repoAdd:lost@2} (the second repoAdd request is executed and committed, then the
 * connection drops without an answer) or {@code query:error=503@first=2}.
 *
 * <p>A request matches an operation when it is a query document ({@code query}), a mutation
 * document holding that mutation field ({@code sshAdd}, ...; a batched document matches each field
 * it holds), any mutation document ({@code mutation}), or anything at all ({@code any}). Each rule
 * counts the requests it matches on its own, so {@code @2} means "the second request this rule
 * matches"; with one mutation per request that is the second mutation of that kind.
 *
 * @param operation {@code any}, {@code query}, {@code mutation} or a mutation field name
 * @param kind what happens
 * @param delay for {@link Kind#DELAY}: how long the request waits before it is served
 * @param status for {@link Kind#ERROR}: the HTTP status (500-599); for {@link Kind#RATE_LIMIT}: 429
 * @param retryAfter for {@link Kind#RATE_LIMIT}: seconds the client is told to wait
 * @param httpDate for {@link Kind#RATE_LIMIT}: send {@code Retry-After} as an HTTP date instead of
 *     seconds
 * @param when which of the matching requests are hit
 * @param n for {@link When#NTH} and {@link When#FIRST}: the count
 * @param rate for {@link When#RATE}: the probability per matching request (seeded, reproducible)
 */
public record FaultRule(
    String operation,
    Kind kind,
    Duration delay,
    int status,
    int retryAfter,
    boolean httpDate,
    When when,
    long n,
    double rate) {

  /** What a hit request gets. */
  public enum Kind {
    /** Served normally, after waiting {@code delay}: a slow network or server. */
    DELAY("delay"),
    /** HTTP 5xx before anything runs: a failing proxy or server. */
    ERROR("error"),
    /**
     * HTTP 429 with {@code Retry-After} before anything runs: a rate limiter in front of the API.
     */
    RATE_LIMIT("ratelimit"),
    /** Executed and committed, then the connection is closed without any answer. */
    LOST("lost"),
    /** Executed and committed, then answered HTTP 200 with a body that is not valid JSON. */
    MALFORMED("malformed"),
    /** Executed and committed, then half the body is sent and the connection closed. */
    TRUNCATED("truncated"),
    /**
     * Executed and committed, then never answered: the connection stays open until the client gives
     * up.
     */
    HANG("hang");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    /** True when the request runs before the fault shows: its change is in the account. */
    public boolean executes() {
      return this == DELAY
          || this == LOST
          || this == MALFORMED
          || this == TRUNCATED
          || this == HANG;
    }
  }

  /** Which matching requests a rule hits. */
  public enum When {
    /** Every matching request. */
    EVERY,
    /** Only the n-th matching request (1-based). */
    NTH,
    /** The first n matching requests. */
    FIRST,
    /** Each matching request with probability {@code rate}, from a seeded generator. */
    RATE
  }

  /** Operations a rule may name. */
  public static final List<String> OPERATIONS =
      List.of(
          "any", "query", "mutation", "sshAdd", "repoAdd", "repoEdit", "sshDelete", "repoDelete");

  /** The longest delay or Retry-After a rule may ask for: more is surely a typo. */
  static final Duration MAX_DELAY = Duration.ofMinutes(10);

  private static final Pattern SYNTAX =
      Pattern.compile("([A-Za-z]+):([a-z0-9]+)(?:=([^@]+))?(?:@(.+))?");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  public FaultRule {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(when, "when");
    if (!OPERATIONS.contains(operation)) {
      throw new IllegalArgumentException(
          "unknown operation \""
              + operation
              + "\" (expected one of "
              + String.join(", ", OPERATIONS)
              + ")");
    }
    delay = delay == null ? Duration.ZERO : delay;
    if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "delay must be between 0 and " + MAX_DELAY.toMinutes() + " minutes");
    }
    if (kind == Kind.ERROR && (status < 500 || status > 599)) {
      throw new IllegalArgumentException("error status must be 500-599, not " + status);
    }
    if (kind == Kind.RATE_LIMIT) {
      status = 429;
      if (retryAfter < 0 || retryAfter > MAX_DELAY.toSeconds()) {
        throw new IllegalArgumentException(
            "Retry-After must be 0-" + MAX_DELAY.toSeconds() + " seconds");
      }
    }
    if ((when == When.NTH || when == When.FIRST) && n < 1) {
      throw new IllegalArgumentException("the count must be 1 or more");
    }
    if (when == When.RATE && !(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be above 0 and at most 1");
    }
  }

  // ---- building -----------------------------------------------------------------------------

  public static FaultRule of(String operation, Kind kind) {
    int status = kind == Kind.ERROR ? 503 : kind == Kind.RATE_LIMIT ? 429 : 0;
    return new FaultRule(
        operation,
        kind,
        Duration.ZERO,
        status,
        kind == Kind.RATE_LIMIT ? 1 : 0,
        false,
        When.EVERY,
        0,
        0);
  }

  public static FaultRule delay(String operation, Duration d) {
    return new FaultRule(operation, Kind.DELAY, d, 0, 0, false, When.EVERY, 0, 0);
  }

  public static FaultRule error(String operation, int status) {
    return new FaultRule(operation, Kind.ERROR, Duration.ZERO, status, 0, false, When.EVERY, 0, 0);
  }

  public static FaultRule rateLimit(String operation, int retryAfterSeconds, boolean asHttpDate) {
    return new FaultRule(
        operation,
        Kind.RATE_LIMIT,
        Duration.ZERO,
        429,
        retryAfterSeconds,
        asHttpDate,
        When.EVERY,
        0,
        0);
  }

  /** Only the n-th matching request (1-based). */
  public FaultRule nth(long count) {
    return new FaultRule(operation, kind, delay, status, retryAfter, httpDate, When.NTH, count, 0);
  }

  /** The first n matching requests. */
  public FaultRule first(long count) {
    return new FaultRule(
        operation, kind, delay, status, retryAfter, httpDate, When.FIRST, count, 0);
  }

  /** Each matching request with this probability (seeded by the emulator's fault seed). */
  public FaultRule atRate(double probability) {
    return new FaultRule(
        operation, kind, delay, status, retryAfter, httpDate, When.RATE, 0, probability);
  }

  // ---- text form ----------------------------------------------------------------------------

  /**
   * Parses {@code OPERATION:KIND[=ARG][@WHEN]}. KIND is {@code delay=DURATION} (e.g. 200ms, 2s),
   * {@code error[=STATUS]} (default 503), {@code ratelimit[=SECONDS]} (default 1; {@code
   * ratelimit=date:SECONDS} sends an HTTP date), {@code lost}, {@code malformed}, {@code truncated}
   * or {@code hang}. WHEN is {@code N} (the N-th matching request), {@code first=N}, {@code rate=P}
   * (0 &lt; P &lt;= 1) or, left out, every matching request. Throws {@link
   * IllegalArgumentException} with a message fit for a user.
   */
  public static FaultRule parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = SYNTAX.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + t + "\" is not OPERATION:KIND[=ARG][@WHEN], e.g. repoAdd:lost@2");
    }
    String op = canonicalOperation(m.group(1));
    String kindText = m.group(2);
    String arg = m.group(3);
    FaultRule rule;
    switch (kindText) {
      case "delay":
        if (arg == null) {
          throw new IllegalArgumentException("delay needs a duration, e.g. delay=200ms");
        }
        rule = delay(op, duration(arg));
        break;
      case "error":
        rule = error(op, arg == null ? 503 : integer(arg, "error status"));
        break;
      case "ratelimit":
        if (arg == null) {
          rule = rateLimit(op, 1, false);
        } else if (arg.startsWith("date:")) {
          rule = rateLimit(op, integer(arg.substring(5), "Retry-After seconds"), true);
        } else {
          rule = rateLimit(op, integer(arg, "Retry-After seconds"), false);
        }
        break;
      default:
        Kind kind = null;
        for (Kind k : Kind.values()) {
          if (k.text.equals(kindText)
              && k != Kind.DELAY
              && k != Kind.ERROR
              && k != Kind.RATE_LIMIT) {
            kind = k;
          }
        }
        if (kind == null) {
          throw new IllegalArgumentException(
              "unknown fault \""
                  + kindText
                  + "\" (expected delay, error, ratelimit, lost, malformed, truncated or hang)");
        }
        if (arg != null) {
          throw new IllegalArgumentException(kindText + " takes no value");
        }
        rule = of(op, kind);
    }
    String when = m.group(4);
    if (when == null || when.equals("every")) {
      return rule;
    }
    if (when.startsWith("first=")) {
      return rule.first(integer(when.substring(6), "count"));
    }
    if (when.startsWith("rate=")) {
      try {
        return rule.atRate(Double.parseDouble(when.substring(5)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("rate must be a number such as 0.1");
      }
    }
    return rule.nth(integer(when, "@N"));
  }

  private static String canonicalOperation(String op) {
    for (String o : OPERATIONS) {
      if (o.equalsIgnoreCase(op)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown operation \"" + op + "\" (expected one of " + String.join(", ", OPERATIONS) + ")");
  }

  private static int integer(String s, String what) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, not \"" + s + "\"");
    }
  }

  static Duration duration(String s) {
    Matcher m = DURATION.matcher(s.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + s + "\" is not a duration such as 200ms, 2s or 1m");
    }
    long v = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(v);
      case "s":
        return Duration.ofSeconds(v);
      default:
        return Duration.ofMinutes(v);
    }
  }

  /**
   * True when a request with these operations (see the class comment) is one this rule looks at.
   */
  boolean matches(java.util.Set<String> operations) {
    return operation.equals("any") || operations.contains(operation);
  }

  /** The text form {@link #parse} reads back. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(operation).append(':').append(kind.text);
    switch (kind) {
      case DELAY:
        sb.append('=').append(delay.toMillis()).append("ms");
        break;
      case ERROR:
        sb.append('=').append(status);
        break;
      case RATE_LIMIT:
        sb.append('=').append(httpDate ? "date:" : "").append(retryAfter);
        break;
      default:
        break;
    }
    switch (when) {
      case NTH:
        sb.append('@').append(n);
        break;
      case FIRST:
        sb.append("@first=").append(n);
        break;
      case RATE:
        sb.append("@rate=").append(rate);
        break;
      default:
        break;
    }
    return sb.toString();
  }
}
