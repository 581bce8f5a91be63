package dev.borgform.contract;

import static dev.borgform.contract.ContractRun.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.contract.ContractRun.Scenario;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The core scenarios, written once for any endpoint: create keys and repos in both regions, drift
 * and revert, a key rotation that keeps access, a saved plan refused when stale, repo deletion
 * behind both locks, and token levels (when tokens for them are given). Each step checks the exit
 * code borgform promises and what the account then holds, read through the API.
 */
public final class ContractScenarios {
  private ContractScenarios() {}

  public static List<Scenario> all() {
    return List.of(
        new Scenario("create keys and repos in both regions", ContractScenarios::create),
        new Scenario("drift made outside borgform, then reverted", ContractScenarios::drift),
        new Scenario("rotate a key; its repo keeps access", ContractScenarios::rotate),
        new Scenario("a saved plan is refused once the account changed", ContractScenarios::stale),
        new Scenario("token levels", ContractScenarios::tokenLevels),
        new Scenario(
            "repo deletion needs pruneRepos and --allow-destroy", ContractScenarios::delete));
  }

  /** The spec of the suite: keys a and b, repo eu (append-only a) and repo us (full access b). */
  static String body(ContractRun r, String keyA, int alertDays, boolean withUs) {
    return "keys:\n"
        + "  - name: "
        + r.name("a")
        + "\n"
        + "    publicKey: "
        + keyA
        + "\n"
        + "  - name: "
        + r.name("b")
        + "\n"
        + "    publicKey: "
        + r.key(2)
        + "\n"
        + "repos:\n"
        + "  - name: "
        + r.name("eu")
        + "\n"
        + "    region: eu\n"
        + "    alertDays: "
        + alertDays
        + "\n"
        + "    appendOnlyKeys: ["
        + r.name("a")
        + "]\n"
        + (withUs
            ? "  - name: "
                + r.name("us")
                + "\n"
                + "    region: us\n"
                + "    fullAccessKeys: ["
                + r.name("b")
                + "]\n"
            : "");
  }

  private static Result plan(ContractRun r, Path spec) {
    return r.borgform(TokenLevel.FULL_ACCESS, "plan", "-f", spec.toString(), "--detailed-exitcode");
  }

  private static Result apply(ContractRun r, Path spec, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "apply";
    args[1] = "-f";
    args[2] = spec.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return r.borgform(TokenLevel.FULL_ACCESS, args);
  }

  private static void exits(Result res, int code, String step) {
    check(res.exitCode() == code, step + ": expected exit " + code + ", got " + res);
  }

  private static void converged(ContractRun r, Path spec) {
    exits(plan(r, spec), 0, "plan after apply shows no changes");
  }

  static void create(ContractRun r) throws Exception {
    Path spec = r.spec(body(r, r.key(1), 2, true), null);
    exits(plan(r, spec), 2, "plan of a new spec shows changes");
    exits(apply(r, spec, "--auto-approve"), 0, "apply");
    converged(r, spec);
    JsonNode eu = r.repo("eu");
    JsonNode us = r.repo("us");
    check(eu != null && us != null, "both repos exist: " + r.repos());
    check(eu.path("region").asText().equals("eu"), "repo eu is in eu: " + eu);
    check(us.path("region").asText().equals("us"), "repo us is in us: " + us);
    String a = r.keysNamed("a").get(0).path("id").asText();
    check(eu.path("appendOnlyKeys").toString().equals("[\"" + a + "\"]"), "eu lists key a: " + eu);
    check(r.keys().size() == 2, "exactly two keys: " + r.keys());
  }

  static void drift(ContractRun r) throws Exception {
    Path spec = r.spec(body(r, r.key(1), 2, true), null);
    r.outside(
        "mutation($id: String!) { repoEdit(id: $id, alertDays: 9) { repoEdited { id } } }",
        Map.of("id", r.repo("eu").path("id").asText()));
    Result drifted = plan(r, spec);
    exits(drifted, 2, "plan shows the drift");
    check(drifted.out().contains("alertDays"), "the plan names alertDays: " + drifted);
    exits(apply(r, spec, "--auto-approve"), 0, "apply reverts the drift");
    check(r.repo("eu").path("alertDays").asInt() == 2, "alertDays is back to 2: " + r.repo("eu"));
    converged(r, spec);
  }

  static void rotate(ContractRun r) throws Exception {
    String oldId = r.keysNamed("a").get(0).path("id").asText();
    String newKey = r.key(3);
    Path spec = r.spec(body(r, newKey, 2, true), null);
    exits(apply(r, spec, "--auto-approve"), 0, "apply of a rotated key");
    List<JsonNode> a = r.keysNamed("a");
    check(a.size() == 1, "one key a after the rotation: " + a);
    String newId = a.get(0).path("id").asText();
    check(!newId.equals(oldId), "key a has a new id");
    check(
        newKey.startsWith(a.get(0).path("keyData").asText()),
        "key a holds the new material: " + a.get(0));
    check(
        r.repo("eu").path("appendOnlyKeys").toString().equals("[\"" + newId + "\"]"),
        "repo eu moved to the new key: " + r.repo("eu"));
    converged(r, spec);
  }

  static void stale(ContractRun r) throws Exception {
    Path spec = r.spec(body(r, r.key(3), 3, true), null);
    Path saved = r.dir().resolve("stale-plan.json");
    exits(
        r.borgform(
            TokenLevel.FULL_ACCESS,
            "plan",
            "-f",
            spec.toString(),
            "--out",
            saved.toString(),
            "--detailed-exitcode"),
        2,
        "plan --out");
    r.outside(
        "mutation($id: String!) { repoEdit(id: $id, alertDays: 7) { repoEdited { id } } }",
        Map.of("id", r.repo("eu").path("id").asText()));
    Result refused = r.borgform(TokenLevel.FULL_ACCESS, "apply", saved.toString());
    exits(refused, 3, "apply of a stale saved plan");
    check(refused.err().contains("stale"), "the refusal says stale: " + refused);
    check(r.repo("eu").path("alertDays").asInt() == 7, "nothing was applied: " + r.repo("eu"));
    exits(apply(r, spec, "--auto-approve"), 0, "apply of the spec itself");
    converged(r, spec);
  }

  static void tokenLevels(ContractRun r) throws Exception {
    String read = r.endpoint().token(TokenLevel.READ_ONLY);
    String create = r.endpoint().token(TokenLevel.CREATE_ONLY);
    Path same = r.spec(body(r, r.key(3), 3, true), null);
    Path added =
        r.spec(
            body(r, r.key(3), 3, true)
                .replace(
                    "repos:\n",
                    "  - name: " + r.name("c") + "\n    publicKey: " + r.key(4) + "\nrepos:\n"),
            null);
    if (read == null) {
      System.out.println("  skipped the Read Only steps: no Read Only token was given");
    } else {
      exits(
          r.borgform(TokenLevel.READ_ONLY, "plan", "-f", same.toString(), "--detailed-exitcode"),
          0,
          "a Read Only token plans");
      exits(
          r.borgform(TokenLevel.READ_ONLY, "apply", "-f", added.toString(), "--auto-approve"),
          1,
          "a Read Only token cannot apply");
      check(r.keysNamed("c").isEmpty(), "nothing was added with a Read Only token");
    }
    if (create == null) {
      System.out.println("  skipped the Create Only steps: no Create Only token was given");
    } else {
      exits(
          r.borgform(TokenLevel.CREATE_ONLY, "apply", "-f", added.toString(), "--auto-approve"),
          0,
          "a Create Only token applies a plan that only adds");
      check(r.keysNamed("c").size() == 1, "key c was added");
      Path changed = r.spec(body(r, r.key(3), 4, true), null);
      exits(
          r.borgform(TokenLevel.CREATE_ONLY, "apply", "-f", changed.toString(), "--auto-approve"),
          1,
          "a Create Only token cannot change a repo");
      check(r.repo("eu").path("alertDays").asInt() == 3, "alertDays unchanged: " + r.repo("eu"));
    }
    exits(apply(r, same, "--auto-approve"), 0, "back to the suite's spec");
    converged(r, same);
  }

  static void delete(ContractRun r) throws Exception {
    String us = r.repo("us").path("id").asText();
    Path kept = r.spec(body(r, r.key(3), 3, false), null);
    exits(apply(r, kept, "--auto-approve"), 0, "a repo left out of the spec is kept");
    check(r.repo("us") != null, "repo us still exists");
    Path pruned = r.spec(body(r, r.key(3), 3, false), "  pruneRepos: true\n");
    exits(apply(r, pruned, "--auto-approve"), 3, "pruneRepos without --allow-destroy is refused");
    check(r.repo("us") != null, "repo us still exists");
    exits(apply(r, pruned, "--auto-approve", "--allow-destroy"), 0, "both locks open: deleted");
    check(r.repo("us") == null, "repo us (id " + us + ") is gone");
    converged(r, pruned);
  }
}
