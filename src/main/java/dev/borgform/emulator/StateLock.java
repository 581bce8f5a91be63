package dev.borgform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The one-writer rule for a state file: an exclusive OS lock on {@code FILE.lock} beside it, held
 * for as long as the store is open. The lock file holds the holder's pid and start time, so a
 * process that is refused can say who has the file.
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock}), so it dies with its process:
 * after a crash or kill -9 there is no stale lock to clear by hand. The lock file itself stays
 * beside the state file (emptied when released): deleting it on release would let a waiting process
 * lock the deleted file while a newcomer locks a new one, and both would write.
 */
final class StateLock implements AutoCloseable {
  /**
   * Lock files this JVM holds, by absolute path. The one piece of static mutable state in borgform
   * (DEVELOPERS.md, Style; {@code ArchitectureTest.noStaticMutableState} allows this field only),
   * because the OS lock it mirrors is process-wide: POSIX drops every lock a process holds on a
   * file as soon as the process closes any descriptor of that file, so a second store in the same
   * JVM must be refused before it opens the lock file at all.
   *
   * <p>It is not an object handed to each store: the rule would then hold only between stores that
   * were given the same instance, and two emulators built independently in one JVM (the sandbox of
   * a CLI run and a test's, or two tests running in parallel) would each pass their own check, and
   * the second would open and close the lock file and so silently drop the first one's OS lock.
   * What the operating system makes process-wide, this set must be too.
   */
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration NAME_WAIT = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file for {@code stateFile}: {@code FILE.lock} in the same directory. */
  static Path lockFileOf(Path stateFile) {
    return stateFile.resolveSibling(stateFile.getFileName() + ".lock");
  }

  /**
   * Takes the lock of {@code stateFile}, waiting up to {@code timeout} (zero: not at all) while
   * another process or store holds it.
   *
   * @throws StateLockedException when it is still held after {@code timeout}
   */
  static StateLock acquire(Path stateFile, Duration timeout) throws IOException {
    Path path = lockFileOf(stateFile.toAbsolutePath().normalize());
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    // The holder writes its pid right after it locks; a refusal in between would not know whom to
    // name, so an unnamed holder is asked again for up to a second before giving up.
    Instant named = start.plus(NAME_WAIT);
    while (true) {
      Holder holder = tryAcquire(path);
      if (holder.lock != null) return holder.lock;
      Instant now = Instant.now();
      if (!now.isBefore(deadline) && (holder.pid > 0 || !now.isBefore(named))) {
        throw new StateLockedException(stateFile, holder.pid, holder.startedAt, timeout);
      }
      try {
        Thread.sleep(
            holder.pid > 0 || !now.isBefore(named)
                ? Math.min(POLL.toMillis(), Math.max(1, deadlineMillis(deadline)))
                : 20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateLockedException(stateFile, holder.pid, holder.startedAt, timeout);
      }
    }
  }

  private static long deadlineMillis(Instant deadline) {
    return Duration.between(Instant.now(), deadline).toMillis();
  }

  /** The lock, or (lock null) who holds it. */
  private record Holder(@Nullable StateLock lock, long pid, @Nullable String startedAt) {}

  private static Holder tryAcquire(Path path) throws IOException {
    ProcessHandle self = ProcessHandle.current();
    if (!HELD_IN_THIS_JVM.add(path)) return new Holder(null, self.pid(), startOf(self));
    FileChannel channel = null;
    try {
      channel = open(path);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // cannot happen while HELD_IN_THIS_JVM guards every opener; refuse if it does
      }
      if (lock == null) {
        Holder who = readHolder(channel);
        channel.close();
        HELD_IN_THIS_JVM.remove(path);
        return who;
      }
      writeHolder(channel, self);
      return new Holder(new StateLock(path, channel, lock), self.pid(), startOf(self));
    } catch (IOException | RuntimeException e) {
      if (channel != null) channel.close();
      HELD_IN_THIS_JVM.remove(path);
      throw e;
    }
  }

  private static FileChannel open(Path path) throws IOException {
    try {
      return FileChannel.open(
          path,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(
          path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
  }

  private static void writeHolder(FileChannel channel, ProcessHandle self) throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("pid", self.pid());
    info.put("startedAt", startOf(self));
    byte[] bytes = JSON.writeValueAsBytes(info);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(bytes), 0);
  }

  private static Holder readHolder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(4096);
      channel.read(buf, 0);
      JsonNode info =
          JSON.readTree(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
      if (info == null) return new Holder(null, -1, null);
      return new Holder(
          null,
          info.path("pid").asLong(-1),
          info.hasNonNull("startedAt") ? info.get("startedAt").asText() : null);
    } catch (IOException | RuntimeException e) {
      // The holder may not have written its details yet; the refusal itself still stands.
      return new Holder(null, -1, null);
    }
  }

  private static @Nullable String startOf(ProcessHandle p) {
    return p.info()
        .startInstant()
        .map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString())
        .orElse(null);
  }

  /** Empties the lock file (no holder) and releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) channel.truncate(0);
    } finally {
      try {
        channel.close(); // releases the lock
      } finally {
        HELD_IN_THIS_JVM.remove(path);
      }
    }
  }
}
