package dev.borgform.emulator;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Holds the account behind one lock and, if configured, mirrors it to a JSON state file after every
 * successful mutation. Writes are copy-on-write: a mutation works on a copy which replaces the
 * current account only once it is saved, so a failed mutation or a failed save leaves nothing half
 * done.
 */
final class AccountStore {
  static final int FORMAT_VERSION = 1;

  private final Object lock = new Object();
  private final Path file;
  private final ObjectMapper mapper;
  private Account current;

  private AccountStore(Path file, Account initial) {
    this.file = file;
    this.mapper = stateMapper();
    this.current = initial;
  }

  /**
   * In memory only, or backed by {@code file}: loaded if it exists, created (with parents) if not.
   */
  static AccountStore open(Path file, long seed) throws IOException {
    if (file == null) {
      return new AccountStore(null, new Account(seed));
    }
    Path absolute = file.toAbsolutePath();
    AccountStore store;
    if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
      // A folder, a pipe or a device: reading a pipe could block start-up forever.
      throw new IOException("The emulator state file " + file + " is not a regular file");
    }
    if (Files.exists(absolute)) {
      store = new AccountStore(absolute, null);
      store.current = store.load();
    } else {
      store = new AccountStore(absolute, new Account(seed));
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // Written at once so an unwritable location fails at start-up, not on the first mutation.
      store.save(store.current);
    }
    return store;
  }

  <T> T read(Function<Account, T> reader) {
    synchronized (lock) {
      return reader.apply(current);
    }
  }

  /**
   * Runs a mutation on a copy of the account and publishes it after saving. The function must not
   * edit objects it found in the account; it replaces them in the copy's maps instead.
   */
  <T> T write(Function<Account, T> mutation) {
    synchronized (lock) {
      Account next = current.copy();
      T result = mutation.apply(next);
      if (file != null) {
        try {
          save(next);
        } catch (IOException e) {
          System.getLogger(AccountStore.class.getName())
              .log(System.Logger.Level.ERROR, "Could not save emulator state to " + file, e);
          throw new ApiException("Internal error: the emulator could not save its state.");
        }
      }
      current = next;
      return result;
    }
  }

  private void save(Account account) throws IOException {
    StateDocument doc = new StateDocument();
    doc.version = FORMAT_VERSION;
    doc.nextKeyId = account.nextKeyId;
    doc.rngState = account.random.state();
    doc.sshKeys = new ArrayList<>(account.keys.values());
    doc.repos = new ArrayList<>(account.repos.values());
    byte[] bytes = mapper.writeValueAsBytes(doc);
    // Temp file in the same directory, then a rename: readers never see a half-written file.
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private Account load() throws IOException {
    StateDocument doc;
    try {
      doc = mapper.readValue(file.toFile(), StateDocument.class);
    } catch (JacksonException e) {
      // Jackson's own words quote the text it could not read, and a wrong --state or --sandbox
      // file may hold anything (a password file): say where, never what.
      throw corrupt(
          (e instanceof com.fasterxml.jackson.core.JsonParseException
                  ? "it is not JSON"
                  : "it is not an emulator state (a value has the wrong type)")
              + where(e));
    }
    if (doc == null) {
      throw corrupt("the file is empty");
    }
    if (doc.version != FORMAT_VERSION) {
      throw corrupt(
          "unsupported format version " + doc.version + " (expected " + FORMAT_VERSION + ")");
    }
    Account account = new Account(doc.rngState);
    account.nextKeyId = doc.nextKeyId;
    for (StoredKey key : doc.sshKeys == null ? List.<StoredKey>of() : doc.sshKeys) {
      if (key == null || key.keyData() == null || account.keys.put(key.id(), key) != null) {
        throw corrupt("an SSH key entry is empty or its id is duplicated");
      }
      if (key.id() >= account.nextKeyId) {
        throw corrupt("nextKeyId " + account.nextKeyId + " is not above key id " + key.id());
      }
    }
    for (StoredRepo repo : doc.repos == null ? List.<StoredRepo>of() : doc.repos) {
      if (repo == null
          || repo.id == null
          || repo.region == null
          || account.repos.put(repo.id, repo) != null) {
        throw corrupt("a repo entry has no id or region, or its id is duplicated");
      }
      repo.appendOnlyKeys = List.copyOf(orEmpty(repo.appendOnlyKeys));
      repo.fullAccessKeys = List.copyOf(orEmpty(repo.fullAccessKeys));
      repo.rsyncKeys = List.copyOf(orEmpty(repo.rsyncKeys));
    }
    return account;
  }

  private static String where(JacksonException e) {
    var at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? ""
        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private IOException corrupt(String why) {
    return new IOException(
        "Corrupt emulator state file "
            + file
            + ": "
            + why
            + " (fix or delete the file to start with an empty account)");
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }

  private static ObjectMapper stateMapper() {
    ObjectMapper m = new ObjectMapper();
    // Plain fields, no getters: the file mirrors the stored objects exactly.
    m.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
    m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    m.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
    m.enable(SerializationFeature.INDENT_OUTPUT);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // Tolerate fields from a newer emulator rather than refusing the whole account.
    m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return m;
  }

  /** The state file layout. Tokens are deliberately not part of it: they are credentials. */
  static final class StateDocument {
    int version;
    long nextKeyId;
    long rngState;
    List<StoredKey> sshKeys;
    List<StoredRepo> repos;
  }
}
