package dev.borgform;

import dev.borgform.cli.Cli;
import dev.borgform.cli.Environment;
import dev.borgform.cli.Terminal;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Composition root. {@link #run} is what tests call; {@link #main} only adds the process's streams,
 * its terminal, and {@code System.exit}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    Environment env =
        new Environment(
            System.getenv(),
            Path.of("").toAbsolutePath(),
            out,
            err,
            Terminal.system(),
            Main::awaitShutdown);
    System.exit(Cli.run(args, env.withInterrupts(new SignalInterrupts(err))));
  }

  /** Runs the CLI with no terminal (no prompts, no colour), in the process's working directory. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return Cli.run(
        args,
        new Environment(
            env, Path.of("").toAbsolutePath(), out, err, Terminal.none(), Main::awaitShutdown));
  }

  /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), so servers can close cleanly. */
  private static void awaitShutdown() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "borgform-shutdown"));
    stopped.await();
  }
}
