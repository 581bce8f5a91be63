package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.api.BorgBaseClient;
import dev.borgform.api.Endpoint;
import dev.borgform.api.Token;
import dev.borgform.apply.AccountWriter;
import dev.borgform.apply.ApplyListener;
import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.Executor;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.Change;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.Plan;
import dev.borgform.plan.RepoDelete;
import dev.borgform.plan.RepoSettings;
import dev.borgform.planner.Planner;
import dev.borgform.spec.SpecWriter;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.PlanDump;
import dev.borgform.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Laws of plan and apply over generated accounts and specs, against the emulator over real HTTP.
 * For every seed a fresh emulator gets a generated account (with interrupted replaces, shared key
 * material, duplicate names); a generated spec is then planned and applied, and:
 *
 * <ul>
 *   <li>after apply, the plan is empty (convergence), also when apply was cut at a random mutation
 *       and a fresh plan finished it;
 *   <li>at every point during apply, every repo that had access through some key material the spec
 *       keeps (and still grants that repo) has it, across rotations and renames;
 *   <li>ignored repos are never changed, and no repo is deleted without pruneRepos;
 *   <li>apply without --allow-destroy refuses (exit 3, nothing deleted) whenever the plan deletes a
 *       repo;
 *   <li>export, then plan with the exported spec, shows no changes.
 * </ul>
 */
class PlanPropertiesIT {
  @TempDir Path dir;

  static LongStream seeds() {
    // -Dseeds.only=N replays one seed.
    long only = Long.getLong("seeds.only", -1);
    return only >= 0 ? LongStream.of(only) : LongStream.range(0, 25);
  }

  @RegisterExtension static final EmulatorExtension emulator = new EmulatorExtension();
  private static BorgBaseClient client;

  @BeforeAll
  static void start() throws Exception {
    client =
        BorgBaseClient.create(
            Endpoint.parse(emulator.graphqlUrl().toString()),
            Token.of(emulator.token(TokenLevel.FULL_ACCESS)),
            "borgform-test");
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  /** Every seed starts from an empty account; cheaper than a new emulator per seed. */
  private static void wipe() {
    LiveState live = client.read();
    List<Mutation> repos = new ArrayList<>();
    for (LiveRepo r : live.repos()) repos.add(new Mutation.DeleteRepo(r.id()));
    List<Mutation> keys = new ArrayList<>();
    for (LiveKey k : live.keys()) keys.add(new Mutation.DeleteKey(k.id()));
    assertThat(client.submit(repos)).allMatch(MutationResult::isApplied);
    assertThat(client.submit(keys)).allMatch(MutationResult::isApplied);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void planApplyAndExportLaws(long seed) throws Exception {
    wipe();
    {
      Random r = new Random(seed);
      create(client, Scenarios.account(r));
      LiveState before = client.read();
      DesiredState desired = Scenarios.spec(r, before);
      Map<String, String> env =
          Map.of(
              "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
              "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));

      // Export, then plan: no changes.
      Path exported = dir.resolve("export-" + seed + ".yaml");
      Result export = CliRun.run(env, "export", "--out", exported.toString());
      assertThat(export.exitCode()).as("seed %d: %s", seed, export).isZero();
      Result replan = CliRun.run(env, "plan", "-f", exported.toString(), "--detailed-exitcode");
      assertThat(replan.exitCode())
          .as("seed %d: %s\n%s", seed, replan, Files.readString(exported))
          .isZero();

      Plan plan = new Planner().plan(desired, before);
      if (plan.destroysBackups()) {
        // Without --allow-destroy the CLI refuses and changes nothing.
        Path spec =
            Files.writeString(
                dir.resolve("spec-" + seed + ".yaml"), new SpecWriter().write(desired, List.of()));
        Result refused =
            CliRun.run(env, "apply", "-f", spec.toString(), "--auto-approve", "--force");
        assertThat(refused.exitCode()).as("seed %d: %s", seed, refused).isEqualTo(3);
        assertThat(client.read().digest()).isEqualTo(before.digest());
      }

      // Apply one mutation at a time, checking access after each. The first run is cut at a
      // random mutation: refused before it is sent, or committed with its answer lost. A fresh
      // plan from a fresh read then finishes the job (an interrupted replace resumes by
      // fingerprint), and access holds at every point of both runs.
      List<Required> required = requiredAccess(desired, before, plan);
      int cutAt = r.nextInt(2 * plan.changes().size() + 2);
      boolean committed = r.nextBoolean();
      int[] sent = {0};
      AccountWriter checking =
          batch -> {
            List<MutationResult> results;
            if (sent[0]++ == cutAt) {
              results =
                  committed
                      ? client.submit(batch).stream()
                          .map(x -> MutationResult.unknown("answer lost"))
                          .toList()
                      : batch.stream().map(x -> MutationResult.failed("refused")).toList();
            } else {
              results = client.submit(batch);
            }
            assertAccess(seed, required, client.read(), batch);
            return results;
          };
      Plan applied = plan;
      try {
        ApplyReport first = new Executor(checking, 1).apply(plan, ApplyListener.NONE);
        if (!first.succeeded()) {
          applied = new Planner().plan(desired, client.read());
          ApplyReport resumed = new Executor(checking, 1).apply(applied, ApplyListener.NONE);
          assertThat(resumed.succeeded()).as("seed %d: %s", seed, resumed).isTrue();
        }
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage()
                + "\n--- plan ---\n"
                + PlanDump.of(applied)
                + "--- spec ---\n"
                + new SpecWriter().write(desired, List.of())
                + "--- account ---\n"
                + before,
            e);
      }

      LiveState after = client.read();
      Plan again = new Planner().plan(desired, after);
      assertThat(again.changes())
          .as("seed %d: plan after apply\n%s", seed, PlanDump.of(again))
          .isEmpty();
      assertThat(again.liveDigest()).isEqualTo(after.digest());
      assertIgnoredReposUntouched(seed, desired, before, after);
      if (!desired.policy().pruneRepos()) {
        assertThat(after.repos().stream().map(LiveRepo::id))
            .as("seed %d: no repo deleted", seed)
            .containsAll(before.repos().stream().map(LiveRepo::id).toList());
      }
    }
  }

  /** Creates a generated account through the API, mapping generated key ids to real ones. */
  private static void create(BorgBaseClient client, LiveState account) {
    Map<String, String> ids = new HashMap<>();
    for (LiveKey k : account.keys()) {
      MutationResult res =
          client.submit(List.of(new Mutation.AddKey(k.name(), k.publicKeyLine()))).get(0);
      assertThat(res.isApplied()).as(res.message()).isTrue();
      ids.put(k.id(), res.createdId());
    }
    for (LiveRepo rp : account.repos()) {
      Map<RepoField<?, ?>, Object> values = new java.util.LinkedHashMap<>();
      for (RepoField<?, ?> f : RepoField.TABLE.all()) {
        values.put(
            f, f.isKeyList() ? refs(rp.get(f.asKeyList()), ids) : exported(rp, f).orElseThrow());
      }
      RepoSettings s =
          new RepoSettings(rp.name(), Region.fromWire(rp.region()).orElseThrow(), values);
      MutationResult res = client.submit(List.of(new Mutation.AddRepo(s))).get(0);
      assertThat(res.isApplied()).as(res.message()).isTrue();
    }
  }

  private static <V, L> java.util.Optional<V> exported(LiveRepo r, RepoField<V, L> f) {
    return f.export(r.get(f));
  }

  private static List<KeyRef> refs(List<String> ids, Map<String, String> real) {
    return ids.stream().map(id -> new KeyRef("k" + id, real.get(id))).toList();
  }

  /** Repo {@code repoId} must keep access through key material {@code identity}. */
  private record Required(String repoId, String repoName, String identity) {}

  /**
   * Access the spec keeps: material that is still in the spec (under any name), on a repo that is
   * not deleted, through a list the spec leaves alone or a list that still names a key with that
   * material. Unmanaged and ignored repos keep all such access.
   */
  private static List<Required> requiredAccess(DesiredState desired, LiveState live, Plan plan) {
    Map<String, LiveKey> keys = new HashMap<>();
    for (LiveKey k : live.keys()) keys.put(k.id(), k);
    Map<String, String> identityByName = new HashMap<>();
    for (DesiredKey d : desired.keys()) identityByName.put(d.name(), d.publicKey().identity());
    Set<String> kept = new HashSet<>(identityByName.values());
    Set<String> deleted = new HashSet<>();
    for (Change c : plan.changes()) if (c instanceof RepoDelete d) deleted.add(d.repo().id());
    Map<String, DesiredRepo> matched = match(desired, live);
    List<Required> out = new ArrayList<>();
    for (LiveRepo r : live.repos()) {
      if (deleted.contains(r.id())) continue;
      DesiredRepo d = matched.get(r.id());
      List<RepoField<?, ?>> lists = RepoField.TABLE.keyLists();
      List<List<String>> liveLists = lists.stream().map(f -> r.get(f.asKeyList())).toList();
      List<List<String>> wantLists = new ArrayList<>();
      for (RepoField<?, ?> f : lists) {
        wantLists.add(d == null ? null : d.get(f.asKeyList()).orElse(null));
      }
      Set<String> needed = new HashSet<>();
      for (int i = 0; i < lists.size(); i++) {
        List<String> want = wantLists.get(i);
        if (want == null) {
          for (String id : liveLists.get(i)) {
            LiveKey k = keys.get(id);
            if (k != null && kept.contains(k.identity())) needed.add(k.identity());
          }
        }
      }
      Set<String> had = Scenarios.access(r, keys);
      for (List<String> want : wantLists) {
        if (want == null) continue;
        for (String name : want) {
          String identity = identityByName.get(name);
          if (had.contains(identity)) needed.add(identity);
        }
      }
      for (String identity : needed) out.add(new Required(r.id(), r.name(), identity));
    }
    return out;
  }

  /** The planner's matching (pinned id, else the one unignored live repo with the name). */
  private static Map<String, DesiredRepo> match(DesiredState desired, LiveState live) {
    boolean ignoring = !desired.policy().ignoreRepos().isEmpty();
    Map<String, DesiredRepo> out = new HashMap<>();
    for (DesiredRepo d : desired.repos()) if (d.id() != null) out.put(d.id(), d);
    for (DesiredRepo d : desired.repos()) {
      if (d.id() != null) continue;
      List<LiveRepo> cands =
          live.repos().stream()
              .filter(r -> r.name().equals(d.name()) && !out.containsKey(r.id()))
              .filter(r -> !(ignoring && r.name().startsWith("manual-")))
              .toList();
      if (cands.size() == 1) out.put(cands.get(0).id(), d);
    }
    return out;
  }

  private static void assertAccess(
      long seed, List<Required> required, LiveState now, List<Mutation> last) {
    Map<String, LiveKey> keys = new HashMap<>();
    for (LiveKey k : now.keys()) keys.put(k.id(), k);
    Map<String, LiveRepo> repos = new HashMap<>();
    for (LiveRepo r : now.repos()) repos.put(r.id(), r);
    for (Required q : required) {
      LiveRepo r = repos.get(q.repoId());
      assertThat(r)
          .as("seed %d: repo %s still exists after %s", seed, q.repoName(), last)
          .isNotNull();
      assertThat(Scenarios.access(r, keys))
          .as(
              "seed %d: repo %s keeps access through %s after %s",
              seed, q.repoName(), q.identity(), last)
          .contains(q.identity());
    }
  }

  private static void assertIgnoredReposUntouched(
      long seed, DesiredState desired, LiveState before, LiveState after) {
    if (desired.policy().ignoreRepos().isEmpty()) return;
    Map<String, LiveRepo> now = new HashMap<>();
    for (LiveRepo r : after.repos()) now.put(r.id(), r);
    for (LiveRepo r : before.repos()) {
      if (!r.name().startsWith("manual-")) continue;
      assertThat(now.get(r.id()))
          .as("seed %d: ignored repo %s untouched", seed, r.name())
          .isEqualTo(r);
    }
  }
}
