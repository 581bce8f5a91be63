package dev.borgform.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a command may take from the world outside: environment variables, the working
 * directory, the output streams, the terminal, and how to wait for the process to be stopped.
 * Passed in, never read from globals, so tests drive the real CLI in-process.
 */
public record Environment(
    Map<String, String> env,
    Path workingDir,
    PrintWriter out,
    PrintWriter err,
    Terminal terminal,
    StopSignal stopSignal) {

  public Environment {
    env = Map.copyOf(env);
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(stopSignal, "stopSignal");
  }

  /** Resolves a path the user typed against the working directory. */
  public Path resolve(String path) {
    return workingDir.resolve(path).normalize();
  }

  /** Blocks a long-running command (the emulator) until the process should stop. */
  @FunctionalInterface
  public interface StopSignal {
    void await() throws InterruptedException;
  }
}
