package dev.borgform.cli;

import dev.borgform.concurrent.Meanwhile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The session and its one read of the account, started while the command reads its spec: the
 * request's round trip and BorgBase's time to answer pass while SnakeYAML parses, instead of after
 * it. What the command shows does not change:
 *
 * <ul>
 *   <li>problems are reported in the order they were before: the spec's first (and the command's
 *       own checks between spec and session), then the session's (endpoint, token, network), then
 *       the read's. {@link #await} throws what opening or reading threw;
 *   <li>the client's lines for standard error (retry notes, the {@code --debug} HTTP log) are held
 *       until {@link #await}, then printed in order, and at once after that;
 *   <li>when the spec fails, the read is abandoned: {@link #close} closes its session, which stops
 *       a read in flight and any retry, and its held lines are dropped.
 * </ul>
 *
 * <p>Only for a large spec ({@link #FROM_BYTES}): a small one is read in milliseconds, so its read
 * comes after it as before, and an invalid small spec makes no request at all. A large invalid spec
 * may have sent the read (it changes nothing) before it was found invalid. The sandbox is opened
 * when awaited, as before: it prints a line and locks its state file, and its read takes no round
 * trip. The secrets the spec is checked against are fixed before this starts ({@link
 * Specs#prepare}), so what opening adds meanwhile (a proxy's password) never races the spec's
 * checks.
 *
 * @param <T> what the command reads (the account, or the values {@code output} shows)
 */
final class EarlyRead<T> implements AutoCloseable {
  /** An open session and what was read through it; the caller closes the session. */
  record Opened<T>(Session session, T value) {}

  private final GlobalOptions global;
  private final Environment env;
  private final Function<Session, T> read;
  private final @Nullable Meanwhile<Opened<T>> work;
  private final @Nullable Supplier<Boolean> prepared;
  private final HeldLines held;
  private final Object lock = new Object();
  private @Nullable Session opened;
  private boolean abandoned;
  private boolean taken;

  private EarlyRead(
      GlobalOptions global,
      Environment env,
      Function<Session, T> read,
      boolean early,
      HeldLines held) {
    this.global = global;
    this.env = env;
    this.read = read;
    this.held = held;
    this.prepared = early ? null : Session.prepareMeanwhile(global, env);
    this.work = early ? Meanwhile.onThread("borgform-account-read", this::openAndRead) : null;
  }

  /**
   * Specs of fewer bytes are read first and the account after, as they always were: they take
   * milliseconds to read, and an invalid one then makes no request at all. The same size as the
   * spec parser's own thread ({@code spec/YamlSource.PIPED_FROM_CHARS}): about 1,000 keys and 1,000
   * repos.
   */
  static final long FROM_BYTES = 200_000;

  /**
   * Starts opening the session and reading through it with {@code read} when the spec at {@code
   * spec} (a file, or a folder of them) has {@link #FROM_BYTES} or more and the session is not the
   * sandbox; else both wait for {@link #await}.
   */
  static <T> EarlyRead<T> start(
      GlobalOptions g, Environment env, Path spec, Function<Session, T> read) {
    boolean early = g.sandbox == null && bytesOf(spec) >= FROM_BYTES;
    return new EarlyRead<>(g, env, read, early, new HeldLines(env.err()));
  }

  /**
   * The spec's size: the file's, or the sum of the regular files in the folder. What cannot be read
   * counts as nothing: reading the spec reports it.
   */
  static long bytesOf(Path spec) {
    try {
      if (Files.isRegularFile(spec)) return Files.size(spec);
      if (!Files.isDirectory(spec)) return 0;
      long sum = 0;
      try (Stream<Path> files = Files.list(spec)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(f)) sum += Files.size(f);
        }
      }
      return sum;
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private Opened<T> openAndRead() {
    Session session = Session.open(global, env, held);
    synchronized (lock) {
      if (abandoned) {
        session.close();
        throw new IllegalStateException("the account read was abandoned");
      }
      opened = session;
    }
    return readWith(session);
  }

  /** What {@code read} gives through {@code session}; the session is closed if it throws. */
  private Opened<T> readWith(Session session) {
    try {
      return new Opened<>(session, read.apply(session));
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * The open session and what was read, once done; throws what opening or reading threw. The caller
   * owns the session from here.
   */
  Opened<T> await() {
    taken = true;
    if (work == null) {
      return readWith(Session.open(global, env, Objects.requireNonNull(prepared)));
    }
    held.release();
    return work.get();
  }

  /**
   * Abandons the read unless {@link #await} was called: its session is closed, its lines dropped.
   */
  @Override
  public void close() {
    if (taken || work == null) return;
    synchronized (lock) {
      abandoned = true;
      if (opened != null) opened.close();
    }
    work.abandon();
  }

  /**
   * Lines for standard error from the read's thread: held until {@link #release}, then printed, and
   * printed at once after that. Held lines that are never released are dropped.
   */
  static final class HeldLines implements Consumer<String> {
    private final PrintWriter err;
    private final List<String> held = new ArrayList<>();
    private boolean live;

    HeldLines(PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void accept(String line) {
      if (live) {
        err.println(line);
        err.flush();
      } else {
        held.add(line);
      }
    }

    synchronized void release() {
      live = true;
      for (String line : held) err.println(line);
      held.clear();
      err.flush();
    }
  }
}
