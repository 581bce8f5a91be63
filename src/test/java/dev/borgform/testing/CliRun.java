package dev.borgform.testing;

import dev.borgform.Main;
import dev.borgform.cli.Cli;
import dev.borgform.cli.Environment;
import dev.borgform.cli.Interrupts;
import dev.borgform.cli.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
    return checked(env, args, new Result(code, out.toString(), err.toString()));
  }

  /** As {@link #run(Map, String...)}, with a terminal (prompts) and interrupts (Ctrl-C). */
  public static Result run(
      Map<String, String> env, Terminal terminal, Interrupts interrupts, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Environment environment =
        new Environment(
                env,
                Path.of("").toAbsolutePath(),
                new PrintWriter(out),
                new PrintWriter(err),
                terminal,
                () -> {})
            .withInterrupts(interrupts);
    int code = Cli.run(args, environment);
    return checked(env, args, new Result(code, out.toString(), err.toString()));
  }

  private static Result checked(Map<String, String> env, String[] args, Result r) {
    String token = env.get("BORGBASE_TOKEN");
    if (token != null && !token.isBlank() && r.all().contains(token.strip())) {
      throw new AssertionError(
          "borgform printed the BORGBASE_TOKEN it was given (args " + String.join(" ", args) + ")");
    }
    return r;
  }
}
