package dev.borgform.testing;

import dev.borgform.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * Runs the real CLI in-process and keeps what it printed. Every run is checked for the token it was
 * given (BORGBASE_TOKEN): a run that prints it fails the test that made it, whatever that test was
 * about.
 */
public final class CliRun {
  private CliRun() {}

  public record Result(int exitCode, String out, String err) {
    /** Both streams, for assertions that a secret appears nowhere. */
    public String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  public static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
    Result r = new Result(code, out.toString(), err.toString());
    String token = env.get("BORGBASE_TOKEN");
    if (token != null && !token.isBlank() && r.all().contains(token.strip())) {
      throw new AssertionError(
          "borgform printed the BORGBASE_TOKEN it was given (args " + String.join(" ", args) + ")");
    }
    return r;
  }
}
