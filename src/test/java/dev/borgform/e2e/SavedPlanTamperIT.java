package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.api.BorgBaseClient;
import dev.borgform.api.Endpoint;
import dev.borgform.api.Token;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.live.LiveState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.Change;
import dev.borgform.plan.KeyCreate;
import dev.borgform.plan.KeyDelete;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.KeyReplace;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanPolicy;
import dev.borgform.plan.Reason;
import dev.borgform.plan.RepoCreate;
import dev.borgform.plan.RepoDelete;
import dev.borgform.plan.RepoSettings;
import dev.borgform.plan.RepoUpdate;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.render.ReasonText;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.Golden;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The saved-plan tamper corpus: a reviewed plan file, edited the way someone with write access to
 * it could edit it, applied through the real CLI against the emulator over HTTP. Every edited file
 * is either refused (exit 3, or 64 for a file that is no plan at all) with nothing sent but at most
 * the one read, or applied exactly as shown.
 *
 * <p>Two kinds of edits: by hand on the JSON (with or without recomputing {@code planHash}, as
 * anyone can), and forged with borgform's own plan records and writer, so the file is consistent
 * and sealed and only the checks against the account and the rails can stop it.
 *
 * <p>The account: 12 servers, each a key {@code h-0000N} and a repo {@code h-0000N} (eu, alert
 * after 1 day, the key append-only). The reviewed plan raises every repo's alertDays to 5.
 */
class SavedPlanTamperIT {
  private static final int SERVERS = 12;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PlanCodec CODEC = new PlanCodec(ReasonText.WORDS);

  @TempDir Path dir;

  /** What reached the emulator. */
  enum Sent {
    /** Not one request: refused from the file alone. */
    NOTHING,
    /** The one read, no mutation. */
    READ_ONLY,
    /** Applied: the test checks the account shows what apply showed. */
    APPLIED
  }

  /** The spec the reviewed plan was made from. */
  enum Spec {
    /** alertDays 1 -> 5 on every repo. */
    ALERT5,
    /** Keys h-00000..h-00007 leave the spec: 8 of 24 live objects (33 %) go. */
    FEWER_KEYS,
    /** No key at all; every repo stays. */
    NO_KEYS,
    /** Declares nothing. */
    EMPTY
  }

  /** The account after setup, and the reviewed plan, for edits to work on. */
  record Fixture(ObjectNode tree, Plan plan, LiveState live) {
    LiveKey key(int i) {
      return live.keys().stream().filter(k -> k.name().equals(name(i))).findFirst().orElseThrow();
    }

    LiveRepo repo(int i) {
      return live.repos().stream().filter(r -> r.name().equals(name(i))).findFirst().orElseThrow();
    }

    String keyId(int i) {
      return key(i).id();
    }

    String repoId(int i) {
      return repo(i).id();
    }
  }

  interface Edit {
    /** The text of the edited plan file. */
    String apply(Fixture f) throws Exception;
  }

  /**
   * @param expected for an applied case, a line apply must print (what it sends, as shown)
   */
  record Case(
      String name, Spec spec, Edit edit, List<String> args, int exit, Sent sent, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> corpus() {
    return Stream.of(
        // ---- edits by hand, hash not recomputed --------------------------------------------
        refused(
            "hidden patch: sends another key full access, shows alertDays only",
            f -> {
              ObjectNode after = (ObjectNode) change(f, 0).get("after");
              after.put("alertDays", 99);
              after.set("fullAccessKeys", refs(name(11), f.keyId(11)));
              return text(f.tree);
            },
            Sent.NOTHING,
            "change 1 (repo.h-00000) shows field changes that are not what it sends: the file"
                + " shows [alertDays: 1 -> 5], but what it sends, against its live before, is"
                + " [alertDays: 1 -> 99, fullAccessKeys: [] -> [{\"name\":\"h-00011\",\"id\":"),
        refused(
            "review line edited, patch untouched",
            f -> {
              ((ObjectNode) change(f, 0).get("fields").get(0)).put("after", 7);
              return text(f.tree);
            },
            Sent.NOTHING,
            "shows field changes that are not what it sends: the file shows [alertDays: 1 -> 7]"),
        refused(
            "live digest edited",
            f -> {
              f.tree.put("liveDigest", "sha256:" + "0".repeat(64));
              return text(f.tree);
            },
            Sent.NOTHING,
            "its planHash does not match its content"),
        refused(
            "reason text edited",
            f -> {
              change(f, 0).put("reason", "harmless");
              return text(f.tree);
            },
            Sent.NOTHING,
            "its planHash does not match its content"),
        refused(
            "changes emptied, summary left",
            f -> {
              f.tree.putArray("changes");
              return text(f.tree);
            },
            Sent.NOTHING,
            "its \"summary\" is not what borgform writes for its changes"),
        refused(
            "phase of a change edited, resealed",
            f -> {
              change(f, 0).put("phase", 1);
              return sealed(f.tree);
            },
            Sent.NOTHING,
            "change 1 (repo.h-00000) states \"phase\" as 1, but for what it sends borgform"
                + " writes 2"),
        refused(
            "changes reordered, resealed",
            f -> {
              ArrayNode changes = (ArrayNode) f.tree.get("changes");
              JsonNode first = changes.remove(0);
              changes.add(first);
              return sealed(f.tree);
            },
            Sent.NOTHING,
            "its changes are not in apply order"),
        refused(
            "a field borgform does not write",
            f -> {
              f.tree.put("approvedBy", "everyone");
              return sealed(f.tree);
            },
            Sent.NOTHING,
            "it has a field \"approvedBy\" that borgform does not write"),
        refused(
            "a change of unknown kind",
            f -> {
              change(f, 0).put("change", "repoWipe");
              return sealed(f.tree);
            },
            Sent.NOTHING,
            "it has a change of unknown kind \"repoWipe\""),
        refused(
            "format version 1.0, from before plan hashes",
            f -> {
              f.tree.put("formatVersion", "1.0");
              return text(f.tree);
            },
            Sent.NOTHING,
            "it was made by an older borgform and carries no plan hash"),
        refused(
            "format version 1.999",
            f -> {
              f.tree.put("formatVersion", "1.999");
              return text(f.tree);
            },
            Sent.NOTHING,
            "its formatVersion is 1.999; this borgform reads version 1.1"),
        refused(
            "plan hash removed",
            f -> {
              f.tree.remove("planHash");
              return text(f.tree);
            },
            Sent.NOTHING,
            "it has no planHash, so it cannot be checked"),
        new Case(
            "truncated file",
            Spec.ALERT5,
            f -> text(f.tree).substring(0, text(f.tree).length() / 2),
            List.of(),
            64,
            Sent.NOTHING,
            "is not a valid JSON document"),
        new Case(
            "not a plan at all",
            Spec.ALERT5,
            f -> "{\"version\": 1, \"keys\": []}",
            List.of(),
            64,
            Sent.NOTHING,
            "it has no formatVersion, so it is not a borgform plan"),

        // ---- edits by hand, resealed: the checks after the read ---------------------------
        refused(
            "live digest edited, resealed",
            f -> {
              f.tree.put("liveDigest", "sha256:" + "0".repeat(64));
              return sealed(f.tree);
            },
            Sent.READ_ONLY,
            "Saved plan is stale"),
        refused(
            "made for another endpoint, resealed",
            f -> {
              ((ObjectNode) f.tree.get("target"))
                  .put("endpoint", "https://api.borgbase.com/graphql");
              return sealed(f.tree);
            },
            Sent.NOTHING,
            "was made for https://api.borgbase.com/graphql, not for http://127.0.0.1:"),
        refused(
            "made for the sandbox, resealed",
            f -> {
              ObjectNode t = (ObjectNode) f.tree.get("target");
              t.put("sandbox", true);
              t.putNull("endpoint");
              return sealed(f.tree);
            },
            Sent.NOTHING,
            "was made for the sandbox, not for http://127.0.0.1:"),
        refused(
            "id injection into a repo id, resealed",
            f -> {
              String evil = "x\") { ok } m9: repoDelete(id: \"" + f.repoId(1);
              ObjectNode c = change(f, 0);
              c.put("liveId", evil);
              ((ObjectNode) c.get("before")).put("id", evil);
              return sealed(f.tree);
            },
            Sent.READ_ONLY,
            "repo.h-00000 acts on repo id x\") { ok } m9: repoDelete(id: \""),
        refused(
            "a change listed twice, resealed",
            f ->
                forged(
                    f,
                    changes -> {
                      changes.add(1, changes.get(0));
                      return changes;
                    }),
            Sent.NOTHING,
            "repo.h-00000 is listed twice; it would be sent twice"),

        // ---- forged with borgform's own writer: consistent, sealed --------------------------
        refused(
            "rename onto a name another repo keeps",
            f -> forgedUpdate(f, 0, u -> renamed(u, name(1), settings(u.patch(), "name", name(1)))),
            Sent.READ_ONLY,
            "gives a repo the name \"h-00001\", which another repo of the account keeps"),
        refused(
            "rename shown under the old name",
            f -> forgedUpdate(f, 0, u -> renamed(u, name(0), settings(u.patch(), "name", "x"))),
            Sent.NOTHING,
            "repo.h-00000 is shown under the name \"h-00000\" but edits repo \"h-00000\" and names"
                + " it \"x\""),
        refused(
            "a name with quotes, backslash and a line break",
            f -> {
              String bad = "a\"b\\c\n}";
              return forgedUpdate(f, 0, u -> renamed(u, bad, settings(u.patch(), "name", bad)));
            },
            Sent.NOTHING,
            "sends a repo name that holds control or invisible characters; no spec can state it"),
        refused(
            "region moved by an edit",
            f ->
                forgedUpdate(
                    f, 0, u -> renamed(u, u.name(), settings(u.patch(), "region", Region.US))),
            Sent.NOTHING,
            "edits a repo's region or format, which BorgBase fixes when the repo is created"),
        refused(
            "a key list names a key under another key's name",
            f ->
                forgedUpdate(
                    f,
                    0,
                    u ->
                        renamed(
                            u,
                            u.name(),
                            settings(
                                u.patch(),
                                "fullAccessKeys",
                                List.of(new KeyRef(name(3), f.keyId(11)))))),
            Sent.READ_ONLY,
            "lists key \"h-00003\" with id "),
        refused(
            "a key list names a key nobody creates",
            f ->
                forgedUpdate(
                    f,
                    0,
                    u ->
                        renamed(
                            u,
                            u.name(),
                            settings(
                                u.patch(), "fullAccessKeys", List.of(KeyRef.pending("ghost"))))),
            Sent.NOTHING,
            "lists key \"ghost\" as created by this plan, but the plan creates no such key"),
        refused(
            "a key list names a key id the account does not have",
            f ->
                forgedUpdate(
                    f,
                    0,
                    u ->
                        renamed(
                            u,
                            u.name(),
                            settings(
                                u.patch(), "fullAccessKeys", List.of(new KeyRef("#999", "999"))))),
            Sent.READ_ONLY,
            "with id 999, which the account does not have"),
        refused(
            "a repo's live before misstated (shows 3 -> 5, the account has 1)",
            f ->
                forgedUpdate(
                    f,
                    0,
                    u ->
                        new RepoUpdate(
                            u.name(),
                            u.before().with(RepoField.ALERT_DAYS, 3),
                            u.patch(),
                            u.keyNames(),
                            u.reason())),
            Sent.READ_ONLY,
            "repo.h-00000 describes repo id "),
        refused(
            "a key list shown with names the account does not use",
            f ->
                forgedUpdate(
                    f,
                    0,
                    u ->
                        new RepoUpdate(
                            u.name(),
                            u.before(),
                            settings(u.patch(), "appendOnlyKeys", List.of()),
                            Map.of(f.keyId(0), "somebody-else"),
                            u.reason())),
            Sent.READ_ONLY,
            "shows a repo's current key list with names the account does not use"),
        refused(
            "a key deleted that the account does not have",
            f ->
                forged(
                    f,
                    changes -> {
                      changes.add(
                          new KeyDelete(
                              Fixtures.live("999", "ghost", TestKeys.ed25519(999, "ghost")),
                              Reason.NONE));
                      return changes;
                    }),
            Sent.READ_ONLY,
            "key.ghost removes key id 999, which the account does not have"),
        refused(
            "a key deleted under a harmless name",
            f ->
                forged(
                    f,
                    changes -> {
                      changes.add(
                          new KeyDelete(
                              Fixtures.live(
                                  f.keyId(11), "old-laptop", TestKeys.ed25519(11, "old-laptop")),
                              Reason.NONE));
                      return changes;
                    }),
            Sent.READ_ONLY,
            "key.old-laptop describes key id "),
        refused(
            "a key deleted while its repo still lists it",
            f -> {
              LiveKey k = liveKey(f, 11);
              return forged(
                  f,
                  changes -> {
                    changes.add(new KeyDelete(k, new Reason.KeyNotInSpec()));
                    return changes;
                  });
            },
            Sent.READ_ONLY,
            "is deleted while repo \"h-00011\" still lists it"),
        refused(
            "a repo created under a name the account has",
            f ->
                forged(
                    f,
                    changes -> {
                      changes.add(
                          new RepoCreate(
                              settings(
                                  settings(RepoSettings.EMPTY, "name", name(2)),
                                  "region",
                                  Region.EU)));
                      return changes;
                    }),
            Sent.READ_ONLY,
            "gives a repo the name \"h-00002\", which another repo of the account keeps"),
        refused(
            "a key created under a name the account has",
            f ->
                forged(
                    f,
                    changes -> {
                      changes.add(
                          new KeyCreate(name(4), Fixtures.key(TestKeys.ed25519(404, "evil"))));
                      return changes;
                    }),
            Sent.READ_ONLY,
            "creates a key named \"h-00004\", which key id "),
        refused(
            "a rename of a key that swaps its material",
            f -> {
              LiveKey k = liveKey(f, 11);
              return forged(
                  f,
                  changes -> {
                    changes.add(
                        new KeyReplace(
                            "renamed",
                            List.of(k),
                            Fixtures.key(TestKeys.ed25519(777, "evil")),
                            new Reason.LegacyText("renamed")));
                    return changes;
                  });
            },
            Sent.NOTHING,
            "replaces a key under another name with other key material"),
        refused(
            "an object policy.ignore protects",
            f ->
                forgedPolicy(
                    f,
                    p ->
                        new PlanPolicy(
                            p.pruneKeys(),
                            p.pruneRepos(),
                            p.maxDeletePercent(),
                            p.ignoreKeys(),
                            List.of(name(6)),
                            p.declaredKeys(),
                            p.declaredRepos())),
            Sent.NOTHING,
            "policy.ignore.repos protects \"h-00006\""),

        // ---- the rails, recomputed --------------------------------------------------------
        new Case(
            "a repo deletion without the spec's pruneRepos, with --allow-destroy",
            Spec.ALERT5,
            f -> {
              LiveRepo r = liveRepo(f, 5);
              return forged(
                  f,
                  changes -> {
                    changes.removeIf(c -> c.address().name().equals(name(5)));
                    changes.add(new RepoDelete(r));
                    return changes;
                  });
            },
            List.of("--allow-destroy"),
            3,
            Sent.READ_ONLY,
            "The plan deletes 1 repo, but the spec it was made from does not set"
                + " policy.pruneRepos: true"),
        refused(
            "a repo deletion with pruneRepos forged in, without --allow-destroy",
            f -> {
              LiveRepo r = liveRepo(f, 5);
              String text =
                  forged(
                      f,
                      changes -> {
                        changes.removeIf(c -> c.address().name().equals(name(5)));
                        changes.add(new RepoDelete(r));
                        return changes;
                      });
              Plan p = CODEC.read(text);
              PlanPolicy o = p.policy();
              return CODEC.write(
                  new Plan(
                      p.changes(),
                      p.notes(),
                      p.liveDigest(),
                      p.deletionGuard(),
                      new PlanPolicy(
                          o.pruneKeys(),
                          true,
                          o.maxDeletePercent(),
                          o.ignoreKeys(),
                          o.ignoreRepos(),
                          o.declaredKeys(),
                          o.declaredRepos()),
                      p.target()));
            },
            Sent.READ_ONLY,
            "refusing without --allow-destroy"),
        new Case(
            "33 % of the account deleted, guard numbers zeroed in the file",
            Spec.FEWER_KEYS,
            f -> {
              ObjectNode g = (ObjectNode) f.tree.get("deletionGuard");
              g.put("deletions", 0).put("keyDeletions", 0).put("percent", 0.0);
              g.put("exceeded", false);
              return text(f.tree);
            },
            List.of(),
            3,
            Sent.READ_ONLY,
            "Too many deletions: 33.3% is over 30% (8 of 24 live keys and repos)"),
        new Case(
            "every key deleted on a small account",
            Spec.NO_KEYS,
            f -> text(f.tree),
            List.of(),
            3,
            Sent.READ_ONLY,
            "Too many deletions: 50.0% is over 30% (12 of 24 live keys and repos)"
                + "; every live key goes (all 12)"),
        new Case(
            "a spec that declares nothing",
            Spec.EMPTY,
            f -> text(f.tree),
            List.of("--allow-destroy"),
            3,
            Sent.READ_ONLY,
            "every live key goes (all 12); the spec declares no keys and no repos"),
        new Case(
            "another plan than the one reviewed, caught by --plan-hash",
            Spec.ALERT5,
            f ->
                forgedUpdate(
                    f,
                    0,
                    u ->
                        renamed(
                            u,
                            u.name(),
                            settings(
                                u.patch(),
                                "fullAccessKeys",
                                List.of(new KeyRef(name(11), f.keyId(11)))))),
            List.of("--plan-hash", "REVIEWED"),
            3,
            Sent.NOTHING,
            "given with --plan-hash: it is not the plan that was reviewed"),

        // ---- consistent edits: applied exactly as shown --------------------------------------
        new Case(
            "another key given full access, consistently: shown as sent",
            Spec.ALERT5,
            f ->
                forgedUpdate(
                    f,
                    0,
                    u ->
                        renamed(
                            u,
                            u.name(),
                            settings(
                                u.patch(),
                                "fullAccessKeys",
                                List.of(new KeyRef(name(11), f.keyId(11)))))),
            List.of(),
            0,
            Sent.APPLIED,
            "      fullAccessKeys: [] -> [h-00011]"),
        new Case(
            "changes emptied and resealed: shown as no changes",
            Spec.ALERT5,
            f -> forged(f, changes -> new ArrayList<>()),
            List.of(),
            0,
            Sent.READ_ONLY,
            "No changes. The account matches the spec."));
  }

  private static Case refused(String name, Edit edit, Sent sent, String expected) {
    return new Case(name, Spec.ALERT5, edit, List.of(), 3, sent, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyEditedPlanIsRefusedBeforeAnythingIsSentOrAppliedExactlyAsShown(Case c)
      throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Map<String, String> env =
          Map.of(
              "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
              "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
      GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
      Path base = Files.writeString(dir.resolve("base.yaml"), spec(Spec.ALERT5, 1));
      Result setup = CliRun.run(env, "apply", "-f", base.toString(), "--auto-approve");
      assertThat(setup.exitCode()).as(setup.toString()).isZero();
      Path reviewedSpec = Files.writeString(dir.resolve("reviewed.yaml"), spec(c.spec(), 5));
      Path reviewed = dir.resolve("reviewed.json");
      Result plan =
          CliRun.run(env, "plan", "-f", reviewedSpec.toString(), "--out", reviewed.toString());
      assertThat(plan.exitCode()).as(plan.toString()).isZero();

      String reviewedText = Files.readString(reviewed);
      Plan reviewedPlan = CODEC.read(reviewedText);
      LiveState live;
      try (BorgBaseClient client =
          BorgBaseClient.create(
              Endpoint.parse(emulator.graphqlUrl().toString()),
              Token.of(emulator.token(TokenLevel.FULL_ACCESS)),
              "test")) {
        live = client.read();
      }
      Fixture f = new Fixture((ObjectNode) JSON.readTree(reviewedText), reviewedPlan, live);
      Path edited = Files.writeString(dir.resolve("edited.json"), c.edit().apply(f));
      String reviewedHash = PlanCodec.shortHash(CODEC.hash(reviewedPlan));
      List<String> args = new ArrayList<>(List.of("apply", edited.toString()));
      for (String a : c.args()) args.add(a.equals("REVIEWED") ? reviewedHash : a);

      String before = dump(api);
      emulator.resetStats();
      Result r = CliRun.run(env, args.toArray(String[]::new));

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(c.exit());
      // Everything the run printed, against its golden file (ports and hashes vary per run).
      Golden.check("tamper/" + c.name().replaceAll("[^A-Za-z0-9]+", "-") + ".txt", stable(r));
      assertThat(c.sent() == Sent.APPLIED ? r.out() : r.all())
          .as(r.toString())
          .contains(c.expected());
      switch (c.sent()) {
        case NOTHING -> assertThat(emulator.stats().requests()).as(r.toString()).isZero();
        case READ_ONLY -> {
          assertThat(emulator.stats().perOperation()).as(r.toString()).containsOnlyKeys("query");
          assertThat(dump(api)).as("the account is unchanged").isEqualTo(before);
        }
        case APPLIED -> {
          // Shown as sent: the account now holds what apply showed, and the hash apply showed is
          // not the reviewed one, so a reviewer comparing hashes sees the difference.
          assertThat(api.data("{ repoList(name: \"h-00000\") { fullAccessKeys } }", Map.of()))
              .hasToString("{\"repoList\":[{\"fullAccessKeys\":[\"" + f.keyId(11) + "\"]}]}");
          assertThat(r.out()).contains("plan hash ").doesNotContain("plan hash " + reviewedHash);
        }
      }
    }
  }

  /** What a run printed, with the folder, the emulator's port and every hash made stable. */
  private String stable(Result r) {
    String all = "exit " + r.exitCode() + "\n--- out ---\n" + r.out() + "--- err ---\n" + r.err();
    return all.replace(dir.toString(), "DIR")
        .replaceAll("127\\.0\\.0\\.1:[0-9]+", "127.0.0.1:PORT")
        .replaceAll("sha256:[0-9a-f]{64}", "sha256:DIGEST")
        .replaceAll("\\b[0-9a-f]{16}\\b", "HASH");
  }

  // ---- the account and its specs --------------------------------------------------------------

  static String name(int i) {
    return String.format("h-%05d", i);
  }

  /** The spec of the corpus: 12 servers, each repo alerting after {@code alertDays}. */
  private static String spec(Spec which, int alertDays) {
    if (which == Spec.EMPTY) return "version: 1\n";
    StringBuilder s = new StringBuilder("version: 1\n");
    int keysFrom = which == Spec.FEWER_KEYS ? 8 : which == Spec.NO_KEYS ? SERVERS : 0;
    if (keysFrom < SERVERS) s.append("keys:\n");
    for (int i = keysFrom; i < SERVERS; i++) {
      s.append("  - name: ")
          .append(name(i))
          .append("\n    publicKey: ")
          .append(TestKeys.ed25519(i, "root@" + name(i)))
          .append("\n");
    }
    s.append("repos:\n");
    for (int i = 0; i < SERVERS; i++) {
      s.append("  - name: ")
          .append(name(i))
          .append("\n    region: eu\n    alertDays: ")
          .append(which == Spec.ALERT5 ? alertDays : 1)
          .append("\n");
      if (i >= keysFrom) s.append("    appendOnlyKeys: [").append(name(i)).append("]\n");
    }
    return s.toString();
  }

  private static String dump(GraphQl api) {
    return api.data(
            "{ sshList { id name keyData } repoList { id name region alertDays appendOnlyKeys"
                + " fullAccessKeys rsyncKeys } }",
            Map.of())
        .toString();
  }

  // ---- edits ----------------------------------------------------------------------------------

  private static ObjectNode change(Fixture f, int i) {
    return (ObjectNode) f.tree.get("changes").get(i);
  }

  private static ArrayNode refs(String name, String id) {
    ArrayNode a = JSON.createArrayNode();
    a.addObject().put("name", name).put("id", id);
    return a;
  }

  private static String text(JsonNode tree) throws Exception {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
  }

  /** The tree with its planHash recomputed, as anyone who can edit the file can do. */
  private static String sealed(ObjectNode tree) throws Exception {
    tree.put("planHash", CODEC.hashOf(tree));
    return text(tree);
  }

  /** The reviewed plan with its changes replaced, written (and sealed) by borgform's writer. */
  private static String forged(Fixture f, Function<List<Change>, List<Change>> edit) {
    Plan p = f.plan();
    return CODEC.write(
        new Plan(
            edit.apply(new ArrayList<>(p.changes())),
            p.notes(),
            p.liveDigest(),
            p.deletionGuard(),
            p.policy(),
            p.target()));
  }

  private static String forgedPolicy(Fixture f, Function<PlanPolicy, PlanPolicy> edit) {
    Plan p = f.plan();
    return CODEC.write(
        new Plan(
            p.changes(),
            p.notes(),
            p.liveDigest(),
            p.deletionGuard(),
            edit.apply(p.policy()),
            p.target()));
  }

  /** The reviewed plan with its {@code index}th change (a repo update) replaced. */
  private static String forgedUpdate(Fixture f, int index, Function<RepoUpdate, RepoUpdate> edit) {
    return forged(
        f,
        changes -> {
          changes.set(index, edit.apply((RepoUpdate) changes.get(index)));
          return changes;
        });
  }

  private static RepoUpdate renamed(RepoUpdate u, String name, RepoSettings patch) {
    return new RepoUpdate(name, u.before(), patch, u.keyNames(), u.reason());
  }

  /** {@code s} with one field set, by its record component name. */
  private static RepoSettings settings(RepoSettings s, String field, Object value) {
    Optional<RepoField<?, ?>> repoField = RepoField.TABLE.bySpec(field);
    if (repoField.isPresent()) {
      Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>(s.values());
      values.put(repoField.get(), value);
      return new RepoSettings(s.name(), s.region(), values);
    }
    try {
      RecordComponent[] cs = RepoSettings.class.getRecordComponents();
      Object[] values = new Object[cs.length];
      Class<?>[] types = new Class<?>[cs.length];
      for (int i = 0; i < cs.length; i++) {
        types[i] = cs[i].getType();
        values[i] = cs[i].getName().equals(field) ? value : cs[i].getAccessor().invoke(s);
      }
      return RepoSettings.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static LiveKey liveKey(Fixture f, int i) {
    return f.key(i);
  }

  private static LiveRepo liveRepo(Fixture f, int i) {
    return f.repo(i);
  }
}
