package dev.borgform.plan;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The account a plan was made for: the sandbox emulator, or an API endpoint (its URL in canonical
 * form, never with credentials). A saved plan records it, and apply refuses to run it against any
 * other: a plan reviewed against the sandbox must not reach a real account, nor one made for one
 * endpoint another.
 *
 * <p>The sandbox is recorded without its state file or port: both are local details, and a plan
 * made with {@code --sandbox} is meant to be tried on a copy of the same sandbox.
 *
 * @param endpoint the canonical endpoint URL; null for the sandbox and for a plan not yet bound
 */
public record Target(boolean sandbox, @Nullable String endpoint) {
  /** A plan the planner made and no command has bound yet (tests, and before binding). */
  public static final Target UNBOUND = new Target(false, null);

  public Target {
    if (sandbox && endpoint != null) throw new IllegalArgumentException("sandbox has no endpoint");
  }

  public static Target sandboxed() {
    return new Target(true, null);
  }

  public static Target endpoint(String canonicalUrl) {
    return new Target(false, Objects.requireNonNull(canonicalUrl, "canonicalUrl"));
  }

  public boolean isBound() {
    return sandbox || endpoint != null;
  }

  /** How messages name it: {@code the sandbox} or the endpoint URL. */
  public String describe() {
    if (sandbox) return "the sandbox";
    return endpoint == null ? "no account" : endpoint;
  }
}
