package dev.borgform.emulator;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Holds the account behind one lock and, if configured, keeps it in a state file that survives
 * restarts, crashes and full disks.
 *
 * <p>On disk: the snapshot {@code FILE} (the whole account, JSON), and while the store is open a
 * journal {@code FILE.journal} of the mutations committed since the snapshot, one JSON line each,
 * holding only what the mutation changed (the keys and repos it put or deleted and the id
 * counters). A mutation is committed once its line is written; the lines of one request are forced
 * to disk together before its answer goes out ({@link #sync}): what a client was told happened
 * survives a kill -9 or a power cut, and a write costs the size of the change, not of the account.
 * Closing the store folds the journal into a new snapshot (written to a temporary file, forced,
 * renamed over the old one); opening it after a crash does the same first. Temporary files a crash
 * left behind are removed at start.
 *
 * <p>One writer per file: the store holds {@link StateLock} for its whole life, so a second sandbox
 * or emulator on the same file is refused (or waits) instead of overwriting this one's changes.
 *
 * <p>A mutation's changes are held apart by the account's tables and kept only once its journal
 * line is on disk, so a failed mutation or a failed write leaves nothing half done, and a write
 * costs what it changed, not the size of the account. A write that fails (a full disk) fails that
 * mutation with a clear message; the account and the file stay as they were before it.
 *
 * <p>Tokens given with {@code --token} are kept in the state file (see {@link #adoptTokens}), so
 * the file holds credentials: every file the store creates is readable by its owner only.
 */
final class AccountStore implements AutoCloseable {
  static final int FORMAT_VERSION = 1;

  private final Object lock = new Object();
  private final @Nullable Path file;
  private final @Nullable Path journalFile;
  private final @Nullable StateLock stateLock;
  private final ObjectMapper mapper = stateMapper(true);
  private final ObjectMapper lineMapper = stateMapper(false);
  private @Nullable Account current;
  private final Map<TokenLevel, String> tokens = new EnumMap<>(TokenLevel.class);

  /** The snapshot's generation; the journal names the generation it extends. */
  private long generation;

  private @Nullable FileChannel journal;
  private long journalSize;
  private boolean unsynced;
  private long bytesWritten;

  /** Set when the journal could not be put back after a failed write: no more writes. */
  private @Nullable String broken;

  private boolean closed;

  private AccountStore(
      @Nullable Path file, @Nullable StateLock stateLock, @Nullable Account initial) {
    this.file = file;
    this.journalFile = file == null ? null : journalOf(file);
    this.stateLock = stateLock;
    this.current = initial;
  }

  /** The state file: only a store backed by one calls this. */
  private Path file() {
    return Objects.requireNonNull(file, "an in-memory store has no file");
  }

  /** The account: set by the constructor (in memory) or by loading the file. */
  private Account account() {
    return Objects.requireNonNull(current, "the state is not loaded");
  }

  static Path journalOf(Path stateFile) {
    return stateFile.resolveSibling(stateFile.getFileName() + ".journal");
  }

  /** In memory only. */
  static AccountStore inMemory(long seed) {
    return new AccountStore(null, null, new Account(seed));
  }

  static AccountStore open(Path file, long seed) throws IOException {
    return open(file, seed, Duration.ZERO);
  }

  /**
   * In memory only ({@code file} null), or backed by {@code file}: locked (waiting up to {@code
   * lockTimeout} for another holder), recovered and loaded if it exists, created (with parents) if
   * not.
   *
   * @throws StateLockedException another process or store holds the file
   * @throws IOException the file cannot be read, is not a state file, or cannot be written; the
   *     message names the file and what to do
   */
  static AccountStore open(@Nullable Path file, long seed, Duration lockTimeout)
      throws IOException {
    if (file == null) return inMemory(seed);
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
      // A folder, a pipe or a device: reading a pipe could block start-up forever.
      throw new IOException("The emulator state file " + file + " is not a regular file");
    }
    Path parent = absolute.getParent();
    if (parent != null) Files.createDirectories(parent);
    StateLock stateLock = StateLock.acquire(absolute, lockTimeout);
    AccountStore store = new AccountStore(absolute, stateLock, null);
    try {
      store.removeStaleTemporaryFiles();
      if (Files.exists(absolute)) {
        store.load();
        if (Files.exists(store.journalFile)) {
          // The last run ended without closing (a crash, kill -9): fold what it committed in.
          store.replayJournal();
          store.compact();
        }
      } else {
        // A journal without its snapshot belongs to a state file someone deleted to start over.
        Files.deleteIfExists(store.journalFile);
        store.current = new Account(seed);
        // Written at once so an unwritable location fails at start-up, not on the first mutation.
        store.compact();
      }
      return store;
    } catch (IOException | RuntimeException e) {
      stateLock.close();
      throw e;
    }
  }

  <T> T read(Function<Account, T> reader) {
    synchronized (lock) {
      return reader.apply(current);
    }
  }

  /**
   * Runs a mutation on the account and keeps it once the change is on disk. The account holds the
   * mutation's changes apart until then ({@link Account#begin()}): a mutation that throws, or whose
   * journal line cannot be written, leaves nothing half done. The function must not edit objects it
   * found in the account; it puts changed copies instead (which is also how the journal finds what
   * changed).
   */
  <T> T write(Function<Account, T> mutation) {
    synchronized (lock) {
      if (closed) throw new ApiException("The emulator is shutting down.");
      if (broken != null) throw new ApiException(broken);
      account().begin();
      boolean done = false;
      try {
        T result = mutation.apply(current);
        if (file != null && account().changed()) commit(JournalEntry.of(account()));
        account().commit();
        done = true;
        return result;
      } finally {
        if (!done) account().rollback();
      }
    }
  }

  /**
   * The tokens to serve: those kept in the state file, replaced level by level by those given now
   * ({@code --token}), which are kept for the next start. Generated tokens are never stored: they
   * are printed in the clear at every start, so each start makes new ones; a user who wants stable
   * tokens fixes them with {@code --token}. A stored token that is now given to another level, or
   * listed as expired, is dropped.
   */
  Map<TokenLevel, String> adoptTokens(Map<TokenLevel, String> given, Set<String> expired) {
    synchronized (lock) {
      Map<TokenLevel, String> next = new EnumMap<>(TokenLevel.class);
      for (Map.Entry<TokenLevel, String> e : tokens.entrySet()) {
        if (!given.containsValue(e.getValue()) && !expired.contains(e.getValue())) {
          next.put(e.getKey(), e.getValue());
        }
      }
      next.putAll(given);
      if (file != null && !next.equals(tokens)) {
        JournalEntry entry = JournalEntry.counters(account());
        entry.tokens = tokenNames(next);
        commit(entry);
        sync();
      }
      tokens.clear();
      tokens.putAll(next);
      return Collections.unmodifiableMap(new EnumMap<>(next));
    }
  }

  /** The levels whose token came from the state file rather than from this start's options. */
  Set<TokenLevel> storedTokenLevels(Map<TokenLevel, String> given) {
    synchronized (lock) {
      Set<TokenLevel> out = java.util.EnumSet.noneOf(TokenLevel.class);
      for (TokenLevel l : tokens.keySet()) if (!given.containsKey(l)) out.add(l);
      return out;
    }
  }

  /**
   * Forces the journal lines written since the last call to disk. The server calls it after each
   * request's mutations and before the answer goes out (a group commit: one forced write per
   * request, not per mutation), so whatever a client was told happened survives a power cut.
   *
   * @return false when the disk refused; the request's outcome is then unknown to the client
   */
  boolean sync() {
    synchronized (lock) {
      if (journal == null || !unsynced) return true;
      try {
        journal.force(false);
        unsynced = false;
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }

  /** Bytes this store wrote to its files so far (journal lines and snapshots). */
  long bytesWritten() {
    synchronized (lock) {
      return bytesWritten;
    }
  }

  /**
   * Folds the journal into the snapshot and releases the file. A snapshot that cannot be written (a
   * full disk) leaves the journal, which already holds every committed mutation: the next start
   * recovers from it.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      if (file == null) return;
      sync();
      try {
        compact();
      } catch (IOException e) {
        // Nothing is lost: the journal on disk is complete, and the next open folds it in.
        closeJournalQuietly();
      } finally {
        try {
          Objects.requireNonNull(stateLock, "stateLock").close();
        } catch (IOException e) {
          // The OS lock goes with the descriptor, which is closed either way.
        }
      }
    }
  }

  // ---- journal -------------------------------------------------------------------------------

  /** Appends one entry and forces it to disk; on failure the journal is put back as it was. */
  private void commit(JournalEntry entry) {
    byte[] line;
    try {
      line = lineOf(entry);
    } catch (IOException e) {
      throw new IllegalStateException("journal entry not serialisable", e);
    }
    long before = journalSize;
    try {
      if (journal == null) startJournal();
      before = journalSize;
      writeFully(Objects.requireNonNull(journal, "journal"), line, journalSize);
      unsynced = true;
      journalSize += line.length;
      bytesWritten += line.length;
    } catch (IOException e) {
      String why = ioReason(e);
      try {
        if (journal != null) journal.truncate(before);
      } catch (IOException again) {
        broken =
            "The emulator can no longer write its state file "
                + file
                + " ("
                + why
                + "); restart it once the disk has room.";
      }
      throw new ApiException(
          "The emulator could not save this change to its state file " + file + ": " + why + ".");
    }
  }

  /** Creates the journal with its header line (the snapshot generation it extends). */
  private void startJournal() throws IOException {
    FileChannel ch = createOwnerOnly(Objects.requireNonNull(journalFile, "journalFile"));
    try {
      JournalHeader header = new JournalHeader();
      header.journal = FORMAT_VERSION;
      header.generation = generation;
      byte[] line = lineOf(header);
      writeFully(ch, line, 0);
      ch.force(true);
      syncDirectory();
      journal = ch;
      journalSize = line.length;
      bytesWritten += line.length;
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(journalFile);
      throw e;
    }
  }

  private byte[] lineOf(Object value) throws IOException {
    byte[] json = lineMapper.writeValueAsBytes(value);
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }

  /**
   * Applies the journal a crashed run left. Its last line may be cut short by the crash (it was
   * never acknowledged to anyone, so it is dropped); any other unreadable line means the file is
   * damaged, and the store refuses to guess.
   */
  private void replayJournal() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(journalFile);
    } catch (IOException e) {
      throw unreadable(journalFile, e);
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    // Bytes after the last newline: a line the crash cut short. Dropped.
    if (lines.isEmpty()) return; // not even a whole header: nothing was ever committed to it
    JournalHeader header;
    try {
      header = lineMapper.readValue(lines.get(0), JournalHeader.class);
    } catch (JacksonException e) {
      throw corrupt(journalFile, "its first line is not a journal header");
    }
    if (header.journal != FORMAT_VERSION) {
      throw corrupt(journalFile, "unsupported journal version " + header.journal);
    }
    // A journal of an older generation was already folded into this snapshot (the crash came
    // between writing the snapshot and removing the journal).
    if (header.generation != generation) return;
    for (int n = 1; n < lines.size(); n++) {
      JournalEntry entry;
      try {
        entry = lineMapper.readValue(lines.get(n), JournalEntry.class);
      } catch (JacksonException e) {
        if (n == lines.size() - 1) break; // the last line, cut short by the crash
        throw corrupt(journalFile, "line " + (n + 1) + " is not a journal entry");
      }
      apply(entry);
    }
  }

  private void apply(JournalEntry e) throws IOException {
    Account a = account();
    if (e.deleteKeys != null) for (Long id : e.deleteKeys) a.keys.remove(id);
    if (e.putKeys != null) {
      for (StoredKey k : e.putKeys) {
        if (k == null || k.keyData() == null) throw corrupt(journalFile, "a key entry is empty");
        a.keys.put(k.id(), k);
      }
    }
    if (e.deleteRepos != null) for (String id : e.deleteRepos) a.repos.remove(id);
    if (e.putRepos != null) {
      for (StoredRepo r : e.putRepos) {
        if (r == null || r.id == null || r.region == null) {
          throw corrupt(journalFile, "a repo entry has no id or region");
        }
        normalise(r);
        a.repos.put(r.id, r);
      }
    }
    a.nextKeyId = e.nextKeyId;
    a.random = new SplitMix64(e.rngState);
    if (e.tokens != null) {
      tokens.clear();
      tokens.putAll(tokenLevels(e.tokens, journalFile));
    }
  }

  // ---- snapshot ------------------------------------------------------------------------------

  /** Writes the account as a new snapshot generation and drops the journal it replaces. */
  private void compact() throws IOException {
    StateDocument doc = new StateDocument();
    doc.version = FORMAT_VERSION;
    doc.generation = generation + 1;
    doc.nextKeyId = account().nextKeyId;
    doc.rngState = account().random.state();
    doc.tokens = tokens.isEmpty() ? null : tokenNames(tokens);
    doc.sshKeys = new ArrayList<>(account().keys.values());
    doc.repos = new ArrayList<>(account().repos.values());
    byte[] bytes = mapper.writeValueAsBytes(doc);
    // Temp file in the same directory, forced, then a rename: the file is always one whole
    // snapshot, the old one or the new one.
    Path tmp = Files.createTempFile(file().getParent(), file().getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writeFully(ch, bytes, 0);
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory();
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("Could not write " + file + ": " + ioReason(e), e);
    }
    generation = doc.generation;
    bytesWritten += bytes.length;
    closeJournalQuietly();
    Files.deleteIfExists(journalFile);
    syncDirectory();
  }

  private void load() throws IOException {
    StateDocument doc;
    try {
      doc = mapper.readValue(file().toFile(), StateDocument.class);
    } catch (JacksonException e) {
      // Jackson's own words quote the text it could not read, and a wrong --state or --sandbox
      // file may hold anything (a password file): say where, never what.
      throw corrupt(
          file,
          (e instanceof com.fasterxml.jackson.core.JsonParseException
                  ? "it is not JSON"
                  : "it is not an emulator state (a value has the wrong type)")
              + where(e));
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (doc == null) {
      throw corrupt(file, "the file is empty");
    }
    if (doc.version != FORMAT_VERSION) {
      throw corrupt(
          file, "unsupported format version " + doc.version + " (expected " + FORMAT_VERSION + ")");
    }
    Account account = new Account(doc.rngState);
    account.nextKeyId = doc.nextKeyId;
    for (StoredKey key : doc.sshKeys == null ? List.<StoredKey>of() : doc.sshKeys) {
      if (key == null || key.keyData() == null || account.keys.put(key.id(), key) != null) {
        throw corrupt(file, "an SSH key entry is empty or its id is duplicated");
      }
      if (key.id() >= account.nextKeyId) {
        throw corrupt(file, "nextKeyId " + account.nextKeyId + " is not above key id " + key.id());
      }
    }
    for (StoredRepo repo : doc.repos == null ? List.<StoredRepo>of() : doc.repos) {
      if (repo == null
          || repo.id == null
          || repo.region == null
          || account.repos.put(repo.id, repo) != null) {
        throw corrupt(file, "a repo entry has no id or region, or its id is duplicated");
      }
      normalise(repo);
    }
    tokens.putAll(tokenLevels(doc.tokens == null ? Map.of() : doc.tokens, file));
    generation = doc.generation;
    current = account;
  }

  private static String where(JacksonException e) {
    var at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? ""
        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** Temporary snapshots of a run that crashed while writing one. Only called under the lock. */
  private void removeStaleTemporaryFiles() throws IOException {
    String prefix = file().getFileName() + ".";
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(file().getParent())) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".tmp") && Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void normalise(StoredRepo repo) {
    repo.appendOnlyKeys = List.copyOf(orEmpty(repo.appendOnlyKeys));
    repo.fullAccessKeys = List.copyOf(orEmpty(repo.fullAccessKeys));
    repo.rsyncKeys = List.copyOf(orEmpty(repo.rsyncKeys));
  }

  private static Map<String, String> tokenNames(Map<TokenLevel, String> byLevel) {
    Map<String, String> out = new LinkedHashMap<>();
    byLevel.forEach((l, t) -> out.put(l.cliName(), t));
    return out;
  }

  private static Map<TokenLevel, String> tokenLevels(
      Map<String, String> byName, @Nullable Path where) throws IOException {
    Map<TokenLevel, String> out = new EnumMap<>(TokenLevel.class);
    for (Map.Entry<String, String> e : byName.entrySet()) {
      TokenLevel level = null;
      for (TokenLevel l : TokenLevel.values()) if (l.cliName().equals(e.getKey())) level = l;
      String t = e.getValue();
      if (level == null || t == null || t.isBlank() || t.contains(" ") || out.containsValue(t)) {
        // Never echo the value: it is a credential.
        throw corrupt(where, "a stored token entry is not valid");
      }
      out.put(level, t);
    }
    return out;
  }

  private static FileChannel createOwnerOnly(Path p) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    try {
      return FileChannel.open(
          p,
          options,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(p, options);
    }
  }

  private static void writeFully(FileChannel ch, byte[] bytes, long position) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long pos = position;
    while (buf.hasRemaining()) pos += ch.write(buf, pos);
  }

  /**
   * Makes a rename or a new file in the directory durable; some file systems refuse, harmlessly.
   */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(file().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Not supported here; the data itself was forced.
    }
  }

  private void closeJournalQuietly() {
    if (journal == null) return;
    try {
      journal.close();
    } catch (IOException e) {
      // Every committed line was forced already.
    }
    journal = null;
    journalSize = 0;
  }

  /** "No space left on device" and the like, without the exception's class name. */
  static String ioReason(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or directory";
    String m = e.getMessage();
    if (m == null || m.isBlank()) return e.getClass().getSimpleName();
    // FileSystemException messages start with the path, which the caller names already.
    int colon = m.lastIndexOf(": ");
    return colon >= 0 && m.startsWith("/") ? m.substring(colon + 2) : m;
  }

  private static IOException corrupt(@Nullable Path where, String why) {
    return new IOException(
        "Corrupt emulator state file "
            + where
            + ": "
            + why
            + " (fix or delete the file to start with an empty account)");
  }

  private static IOException unreadable(@Nullable Path where, IOException e) {
    return new IOException(
        "Cannot read the emulator state file "
            + where
            + ": "
            + ioReason(e)
            + " (check the file and its permissions)",
        e);
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }

  private static ObjectMapper stateMapper(boolean indent) {
    ObjectMapper m = new ObjectMapper();
    // Plain fields, no getters: the file mirrors the stored objects exactly.
    m.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
    m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    m.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
    if (indent) m.enable(SerializationFeature.INDENT_OUTPUT);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // Tolerate fields from a newer emulator rather than refusing the whole account.
    m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return m;
  }

  /**
   * The snapshot layout. {@code tokens} holds only tokens given with {@code --token} (level name to
   * token); {@code generation} counts snapshots, so a journal can tell whether it was folded in.
   */
  static final class StateDocument {
    int version;
    long generation;
    long nextKeyId;
    long rngState;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Nullable Map<String, String> tokens;

    @Nullable List<StoredKey> sshKeys;
    @Nullable List<StoredRepo> repos;
  }

  /** The journal's first line: the snapshot generation its entries apply to. */
  static final class JournalHeader {
    int journal;
    long generation;
  }

  /**
   * One committed mutation: the objects it put (whole) or deleted, and the id counters after it.
   * Applying an entry twice gives the same account, so replay needs no bookkeeping of its own.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class JournalEntry {
    long nextKeyId;
    long rngState;
    @Nullable List<StoredKey> putKeys;
    @Nullable List<Long> deleteKeys;
    @Nullable List<StoredRepo> putRepos;
    @Nullable List<String> deleteRepos;
    @Nullable Map<String, String> tokens;

    static JournalEntry counters(Account a) {
      JournalEntry e = new JournalEntry();
      e.nextKeyId = a.nextKeyId;
      e.rngState = a.random.state();
      return e;
    }

    /** What the open write changed: the objects it put (whole), the ids it removed, counters. */
    static JournalEntry of(Account a) {
      JournalEntry e = counters(a);
      for (Map.Entry<Long, java.util.Optional<StoredKey>> k : a.keys.changes().entrySet()) {
        if (k.getValue().isPresent()) {
          if (e.putKeys == null) e.putKeys = new ArrayList<>();
          e.putKeys.add(k.getValue().get());
        } else {
          if (e.deleteKeys == null) e.deleteKeys = new ArrayList<>();
          e.deleteKeys.add(k.getKey());
        }
      }
      for (Map.Entry<String, java.util.Optional<StoredRepo>> r : a.repos.changes().entrySet()) {
        if (r.getValue().isPresent()) {
          if (e.putRepos == null) e.putRepos = new ArrayList<>();
          e.putRepos.add(r.getValue().get());
        } else {
          if (e.deleteRepos == null) e.deleteRepos = new ArrayList<>();
          e.deleteRepos.add(r.getKey());
        }
      }
      return e;
    }
  }
}
