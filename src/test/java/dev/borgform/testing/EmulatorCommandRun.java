package dev.borgform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.cli.Cli;
import dev.borgform.cli.Environment;
import dev.borgform.cli.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code borgform emulator ...} running in this process, as a user runs it, until closed: closing
 * releases its stop signal (Ctrl-C) and expects exit 0. Its URL and tokens are read from the {@code
 * export NAME=value} lines it prints first.
 */
public final class EmulatorCommandRun implements AutoCloseable {
  public final StringWriter out = new StringWriter();
  public final StringWriter err = new StringWriter();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile int exit = -1;

  /** Starts {@code args} in {@code dir} and waits (up to 10 s) for the start-up banner. */
  public EmulatorCommandRun(Path dir, String... args) throws InterruptedException {
    Environment env =
        new Environment(
            Map.of(),
            dir,
            new PrintWriter(out),
            new PrintWriter(err),
            Terminal.none(),
            stop::await);
    thread = new Thread(() -> exit = Cli.run(args, env));
    thread.start();
    for (int i = 0; i < 400 && !out.toString().contains("# stop with"); i++) Thread.sleep(25);
    assertThat(out.toString()).as("emulator printed its banner").contains("# stop with Ctrl-C");
  }

  /** The value of {@code export VARIABLE=value} in what the emulator printed. */
  public String value(String variable) {
    Matcher m =
        Pattern.compile("^export " + variable + "=(\\S+)$", Pattern.MULTILINE)
            .matcher(out.toString());
    assertThat(m.find()).as(variable + " printed:\n" + out).isTrue();
    return m.group(1);
  }

  @Override
  public void close() {
    stop.countDown();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping the emulator", e);
    }
    assertThat(exit).isZero();
  }
}
