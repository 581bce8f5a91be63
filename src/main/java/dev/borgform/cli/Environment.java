package dev.borgform.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a command may take from the world outside: environment variables, the working
 * directory, the output streams, the terminal, how to wait for the process to be stopped, and its
 * interrupts (Ctrl-C). Passed in, never read from globals, so tests drive the real CLI in-process.
 */
public record Environment(
    Map<String, String> env,
    Path workingDir,
    PrintWriter out,
    PrintWriter err,
    Terminal terminal,
    StopSignal stopSignal,
    Secrets secrets,
    Interrupts interrupts) {

  public Environment {
    env = Map.copyOf(env);
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(stopSignal, "stopSignal");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(interrupts, "interrupts");
  }

  public Environment(
      Map<String, String> env,
      Path workingDir,
      PrintWriter out,
      PrintWriter err,
      Terminal terminal,
      StopSignal stopSignal,
      Secrets secrets) {
    this(env, workingDir, out, err, terminal, stopSignal, secrets, Interrupts.none());
  }

  /** The same environment with these interrupts (Ctrl-C) instead. */
  public Environment withInterrupts(Interrupts i) {
    return new Environment(env, workingDir, out, err, terminal, stopSignal, secrets, i);
  }

  /** An environment whose run has no secrets known yet (the CLI adds the token when it has one). */
  public Environment(
      Map<String, String> env,
      Path workingDir,
      PrintWriter out,
      PrintWriter err,
      Terminal terminal,
      StopSignal stopSignal) {
    this(env, workingDir, out, err, terminal, stopSignal, new Secrets());
  }

  /**
   * The same environment printing through {@link RedactingWriter}s: whatever a command prints is
   * scrubbed of the run's secrets, including stack traces and picocli's own messages.
   */
  Environment redacting() {
    secrets.add(env.get("BORGBASE_TOKEN"));
    return new Environment(
        env,
        workingDir,
        new PrintWriter(new RedactingWriter(out, secrets), true),
        new PrintWriter(new RedactingWriter(err, secrets), true),
        terminal,
        stopSignal,
        secrets,
        interrupts);
  }

  /** Names the variables only: their values may hold the token. */
  @Override
  public String toString() {
    return "Environment[workingDir="
        + workingDir
        + ", variables="
        + new java.util.TreeSet<>(env.keySet())
        + "]";
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
