package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store on disk: the journal of changes, what close and a crash leave, recovery, the
 * one-writer lock, tokens kept with the state, and a write that fails.
 */
class AccountStoreTest {
  @TempDir Path dir;

  private static BorgBaseService service(AccountStore store) {
    return new BorgBaseService(store, Clock.systemUTC(), EmulatorConfig.DEFAULT_MAX_REPOS);
  }

  private static Set<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new java.util.TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static List<String> repoNames(AccountStore store) {
    return store.read(a -> a.repos.values().stream().map(r -> r.name).toList());
  }

  @Test
  void aMutationWritesItsChangeToTheJournalAndCloseFoldsItIntoTheFile() throws Exception {
    Path file = dir.resolve("state.json");
    AccountStore store = AccountStore.open(file, 1);
    BorgBaseService s = service(store);
    for (int i = 0; i < 200; i++) s.repoAdd(Map.of("name", "r" + i, "region", "eu"));
    assertThat(store.sync()).isTrue();
    String snapshot = Files.readString(file);
    assertThat(files(dir)).containsExactly("state.json", "state.json.journal", "state.json.lock");

    long before = store.bytesWritten();
    s.repoAdd(Map.of("name", "one-more", "region", "us"));
    long oneMutation = store.bytesWritten() - before;
    // The size of the change (one repo, about 700 bytes), not of the 200-repo account.
    assertThat(oneMutation).isBetween(200L, 2_000L);
    assertThat(Files.readString(file)).as("the snapshot waits for close").isEqualTo(snapshot);
    List<String> lines = Files.readAllLines(AccountStore.journalOf(file));
    assertThat(lines).hasSize(1 + 201);
    assertThat(lines.get(0)).contains("\"generation\"");
    assertThat(lines.get(201)).contains("one-more").doesNotContain("\"r0\"");

    store.close();
    assertThat(files(dir)).containsExactly("state.json", "state.json.lock");
    assertThat(Files.readString(file)).contains("one-more").contains("\"r199\"");
    assertThat(file.resolveSibling("state.json.lock")).isEmptyFile();
    try (AccountStore again = AccountStore.open(file, 1)) {
      assertThat(repoNames(again)).hasSize(201).endsWith("one-more");
    }
  }

  @Test
  void whatACrashLeftIsRecoveredAtTheNextStart() throws Exception {
    Path live = dir.resolve("live/state.json");
    Path crashed = dir.resolve("crashed/state.json");
    Files.createDirectories(crashed.getParent());
    String keyId;
    String repoId;
    try (AccountStore store = AccountStore.open(live, 1)) {
      BorgBaseService s = service(store);
      keyId = (String) s.sshAdd("k", TestKeys.ED25519_LINE).get("id");
      repoId = (String) s.repoAdd(Map.of("name", "r", "region", "eu")).get("id");
      s.repoEdit(Map.of("id", repoId, "alertDays", 3));
      s.repoAdd(Map.of("name", "gone", "region", "eu"));
      s.repoDelete((String) s.repoList("gone").get(0).get("id"));
      assertThat(store.sync()).isTrue();
      // The files as a kill -9 at this moment leaves them (the OS lock dies with the process).
      Files.copy(live, crashed);
      Files.copy(AccountStore.journalOf(live), AccountStore.journalOf(crashed));
    }
    // A line the crash cut short, and a snapshot it was writing when it died.
    Files.writeString(
        AccountStore.journalOf(crashed), "{\"nextKeyId\":99", StandardOpenOption.APPEND);
    Files.writeString(crashed.resolveSibling("state.json.1234567.tmp"), "{ half a snapsh");

    try (AccountStore store = AccountStore.open(crashed, 1)) {
      assertThat(files(crashed.getParent())).containsExactly("state.json", "state.json.lock");
      BorgBaseService s = service(store);
      assertThat(repoNames(store)).containsExactly("r");
      assertThat(s.repoList("r").get(0).get("alertDays")).isEqualTo(3);
      assertThat(s.sshList(null)).extracting(k -> k.get("id")).containsExactly(keyId);
      // Ids go on from where the crashed run was, never handing one out twice.
      String next = (String) s.sshAdd("k2", TestKeys.ED25519_LINE).get("id");
      assertThat(Long.parseLong(next)).isGreaterThan(Long.parseLong(keyId));
      String nextRepo = (String) s.repoAdd(Map.of("name", "r2", "region", "eu")).get("id");
      try (AccountStore other = AccountStore.open(dir.resolve("other/state.json"), 1)) {
        BorgBaseService fresh = service(other);
        List<String> seeded = List.of(repoId);
        // The same seed from scratch hands out the crashed run's ids first: they were used.
        assertThat(fresh.repoAdd(Map.of("name", "x", "region", "eu")).get("id")).isIn(seeded);
      }
      assertThat(nextRepo).isNotEqualTo(repoId);
    }
  }

  @Test
  void aJournalAlreadyFoldedIntoTheFileIsNotAppliedAgain() throws Exception {
    Path file = dir.resolve("state.json");
    byte[] oldJournal;
    try (AccountStore store = AccountStore.open(file, 1)) {
      BorgBaseService s = service(store);
      String id = (String) s.repoAdd(Map.of("name", "r", "region", "eu")).get("id");
      s.repoDelete(id);
      store.sync();
      oldJournal = Files.readAllBytes(AccountStore.journalOf(file));
    }
    // A crash between writing the new snapshot and removing the journal.
    Files.write(AccountStore.journalOf(file), oldJournal);
    try (AccountStore store = AccountStore.open(file, 1)) {
      assertThat(repoNames(store)).isEmpty();
      assertThat(AccountStore.journalOf(file)).doesNotExist();
    }
  }

  @Test
  void aDamagedJournalIsRefusedWithTheFileAndWhatToDo() throws Exception {
    Path file = dir.resolve("state.json");
    Path copy = dir.resolve("copy/state.json");
    Files.createDirectories(copy.getParent());
    try (AccountStore store = AccountStore.open(file, 1)) {
      BorgBaseService s = service(store);
      s.repoAdd(Map.of("name", "a", "region", "eu"));
      s.repoAdd(Map.of("name", "b", "region", "eu"));
      store.sync();
      Files.copy(file, copy);
      List<String> lines = Files.readAllLines(AccountStore.journalOf(file));
      Files.write(
          AccountStore.journalOf(copy),
          List.of(lines.get(0), "not json at all", lines.get(2)),
          StandardCharsets.UTF_8);
    }
    assertThatThrownBy(() -> AccountStore.open(copy, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(AccountStore.journalOf(copy).toString())
        .hasMessageContaining("line 2 is not a journal entry")
        .hasMessageContaining("fix or delete the file");
    // Refused before anything changed, and the lock was given back.
    try (AccountStore store = AccountStore.open(file, 1)) {
      assertThat(repoNames(store)).containsExactly("a", "b");
    }
  }

  @Test
  void oneStorePerFileAndASecondWaitsWithALockTimeout() throws Exception {
    Path file = dir.resolve("state.json");
    AccountStore first = AccountStore.open(file, 1);
    long pid = ProcessHandle.current().pid();
    assertThatThrownBy(() -> AccountStore.open(file, 1))
        .isInstanceOf(StateLockedException.class)
        .hasMessageContaining("The state file " + file)
        .hasMessageContaining("is in use by process " + pid + " (this one)")
        .satisfies(e -> assertThat(((StateLockedException) e).pid()).isEqualTo(pid));
    assertThatThrownBy(() -> AccountStore.open(file, 1, Duration.ofMillis(300)))
        .isInstanceOf(StateLockedException.class)
        .hasMessageContaining("still after waiting 300ms");

    service(first).repoAdd(Map.of("name", "from-first", "region", "eu"));
    CompletableFuture<AccountStore> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return AccountStore.open(file, 1, Duration.ofSeconds(30));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    Thread.sleep(300);
    assertThat(second).isNotDone();
    first.close();
    try (AccountStore s = second.get(30, TimeUnit.SECONDS)) {
      assertThat(repoNames(s)).containsExactly("from-first");
    }
  }

  @Test
  void tokensGivenWithTheStateAreKeptAndTheFilesAreOwnerOnly() throws Exception {
    Path file = dir.resolve("state.json");
    String token = "eyJ.given.full-token";
    try (AccountStore store = AccountStore.open(file, 1)) {
      Map<TokenLevel, String> served =
          store.adoptTokens(Map.of(TokenLevel.FULL_ACCESS, token), Set.of());
      assertThat(served).containsExactly(Map.entry(TokenLevel.FULL_ACCESS, token));
      service(store).repoAdd(Map.of("name", "r", "region", "eu"));
      store.sync();
      assertThat(perms(AccountStore.journalOf(file))).isEqualTo("rw-------");
    }
    assertThat(perms(file)).isEqualTo("rw-------");
    assertThat(perms(file.resolveSibling("state.json.lock"))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains(token);

    try (AccountStore store = AccountStore.open(file, 1)) {
      assertThat(store.storedTokenLevels(Map.of())).containsExactly(TokenLevel.FULL_ACCESS);
      assertThat(store.adoptTokens(Map.of(), Set.of()))
          .containsExactly(Map.entry(TokenLevel.FULL_ACCESS, token));
      // Given again for another level: a token has one level, the new word wins.
      assertThat(store.adoptTokens(Map.of(TokenLevel.READ_ONLY, token), Set.of()))
          .containsExactly(Map.entry(TokenLevel.READ_ONLY, token));
    }
    try (AccountStore store = AccountStore.open(file, 1)) {
      assertThat(store.adoptTokens(Map.of(), Set.of(token))).as("now expired: dropped").isEmpty();
    }
    assertThat(Files.readString(file)).doesNotContain(token);
  }

  @Test
  void aChangeThatCannotBeWrittenFailsAloneAndChangesNothing() throws Exception {
    Path file = dir.resolve("state.json");
    try (AccountStore store = AccountStore.open(file, 1)) {
      BorgBaseService s = service(store);
      // Where the journal would go, something that is not a file: every write to it fails.
      Files.createDirectory(AccountStore.journalOf(file));
      assertThatThrownBy(() -> s.repoAdd(Map.of("name", "lost", "region", "eu")))
          .isInstanceOf(ApiException.class)
          .hasMessageStartingWith("The emulator could not save this change to its state file")
          .hasMessageContaining(file.toString());
      assertThat(repoNames(store)).as("not applied in memory either").isEmpty();
      Files.delete(AccountStore.journalOf(file));
      s.repoAdd(Map.of("name", "kept", "region", "eu"));
    }
    try (AccountStore store = AccountStore.open(file, 1)) {
      assertThat(repoNames(store)).containsExactly("kept");
    }
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
