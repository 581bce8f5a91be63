package dev.borgform.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.GraphQl;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the contract suite against one endpoint. It owns a prefix ({@code bfct-<random>-}):
 * every key and repo the scenarios make carries it, every spec ignores every other name of the
 * account, and the run refuses to start when any object already carries it. Whatever happens, it
 * ends by deleting every object under its prefix (repos first, then keys; the repos are new and
 * hold no backups, so nothing is lost), and it prints what it created and what it removed.
 */
public final class ContractRun {
  /** One scenario: a name for the log, and its steps. */
  public record Scenario(String name, Body body) {}

  @FunctionalInterface
  public interface Body {
    void run(ContractRun run) throws Exception;
  }

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final ContractEndpoint endpoint;
  private final String prefix;
  private final PrintStream log;
  private final Path dir;
  private final GraphQl api;
  private final long keySeed;
  private final Map<String, String> created = new LinkedHashMap<>();
  private int specs;

  public ContractRun(ContractEndpoint endpoint, String prefix, PrintStream log, Path dir) {
    this.endpoint = endpoint;
    this.prefix = prefix;
    this.log = log;
    this.dir = dir;
    this.api = new GraphQl(URI.create(endpoint.url()), endpoint.token(TokenLevel.FULL_ACCESS));
    // Fresh key material per run: a live account (or BorgBase) might refuse a key seen before.
    this.keySeed = new SecureRandom().nextInt(1_000_000) * 100L;
  }

  /** A prefix no earlier run is likely to have used: {@code bfct-} and 8 random characters. */
  public static String newPrefix() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder("bfct-");
    for (int i = 0; i < 8; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    return sb.append('-').toString();
  }

  public String prefix() {
    return prefix;
  }

  public ContractEndpoint endpoint() {
    return endpoint;
  }

  /** Runs the scenarios in order; cleans up in every exit path, failure or not. */
  // A clean-up failure is thrown only when the run itself succeeded; else it is added as
  // suppressed, so the first failure is the one reported.
  @SuppressWarnings("Finally")
  public void run(List<Scenario> scenarios) throws Exception {
    log.println("contract suite against " + endpoint.name() + ", prefix " + prefix);
    List<String> taken = names(keys(), repos());
    if (!taken.isEmpty()) {
      throw new IllegalStateException(
          "refusing to start: the account already holds objects named "
              + prefix
              + "...: "
              + taken
              + ". Nothing was changed; remove them or run again (a new prefix is drawn).");
    }
    Throwable failure = null;
    try {
      for (Scenario s : scenarios) {
        log.println("scenario: " + s.name());
        s.body().run(this);
        noteCreated();
      }
    } catch (Throwable t) {
      failure = t;
      log.println("  FAILED: " + t);
      throw t;
    } finally {
      try {
        cleanUp();
      } catch (AssertionError e) {
        if (failure == null) throw e;
        failure.addSuppressed(e);
      }
    }
  }

  /** The name {@code suffix} under this run's prefix. */
  public String name(String suffix) {
    return prefix + suffix;
  }

  /** A fresh ed25519 public key line, different for each {@code n}. */
  public String key(int n) {
    return dev.borgform.testing.TestKeys.ed25519(keySeed + n, "bfct@" + n);
  }

  /**
   * Writes a spec: {@code body} holds {@code keys:} and {@code repos:} (names already prefixed),
   * {@code policy} extra policy lines; every live name without the prefix is ignored.
   */
  public Path spec(String body, String policy) throws IOException {
    StringBuilder ignore = new StringBuilder();
    ignore.append("  ignore:\n    keys: [");
    ignore.append(quoted(othersOf(api.data("{ sshList { name } }", Map.of()).get("sshList"))));
    ignore.append("]\n    repos: [");
    ignore.append(quoted(othersOf(api.data("{ repoList { name } }", Map.of()).get("repoList"))));
    ignore.append("]\n");
    String text = "version: 1\n" + body + "policy:\n" + (policy == null ? "" : policy) + ignore;
    Path p = dir.resolve("spec-" + (++specs) + ".yaml");
    Files.writeString(p, text);
    return p;
  }

  private List<String> othersOf(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      String name = n.path("name").asText();
      if (!name.startsWith(prefix)) out.add(name);
    }
    return out;
  }

  private static String quoted(List<String> names) {
    List<String> q = new ArrayList<>();
    for (String n : names) q.add("\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    return String.join(", ", q);
  }

  /** Runs borgform with the token of {@code level}; null when no such token was given. */
  public CliRun.Result borgform(TokenLevel level, String... args) {
    String token = endpoint.token(level);
    if (token == null) throw new IllegalStateException("no " + level + " token");
    CliRun.Result r =
        CliRun.run(Map.of("BORGBASE_API_URL", endpoint.url(), "BORGBASE_TOKEN", token), args);
    noteCreated();
    return r;
  }

  /** The account changed outside borgform (the web UI), with the Full Access token. */
  public JsonNode outside(String document, Map<String, Object> variables) {
    return api.data(document, variables);
  }

  /** Keys under the prefix, as the API lists them. */
  public List<JsonNode> keys() {
    return under(api.data("{ sshList { id name keyData } }", Map.of()).get("sshList"));
  }

  /** Repos under the prefix, as the API lists them. */
  public List<JsonNode> repos() {
    return under(
        api.data(
                "{ repoList { id name region alertDays appendOnlyKeys fullAccessKeys } }", Map.of())
            .get("repoList"));
  }

  public JsonNode repo(String suffix) {
    for (JsonNode r : repos()) if (r.path("name").asText().equals(name(suffix))) return r;
    return null;
  }

  public List<JsonNode> keysNamed(String suffix) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode k : keys()) if (k.path("name").asText().equals(name(suffix))) out.add(k);
    return out;
  }

  private List<JsonNode> under(JsonNode list) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : list) if (n.path("name").asText().startsWith(prefix)) out.add(n);
    return out;
  }

  private static List<String> names(List<JsonNode> keys, List<JsonNode> repos) {
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add("key " + k.path("name").asText()));
    repos.forEach(r -> out.add("repo " + r.path("name").asText()));
    return out;
  }

  /** Logs every object under the prefix not seen before: what the run created. */
  private void noteCreated() {
    try {
      for (JsonNode k : keys()) note("key", k);
      for (JsonNode r : repos()) note("repo", r);
    } catch (RuntimeException | AssertionError e) {
      log.println("  (could not list the account: " + e.getMessage() + ")");
    }
  }

  private void note(String kind, JsonNode n) {
    String id = kind + ":" + n.path("id").asText();
    if (created.containsKey(id)) return;
    created.put(id, n.path("name").asText());
    log.println(
        "  created "
            + kind
            + " "
            + n.path("name").asText()
            + " (id "
            + n.path("id").asText()
            + ")");
  }

  /**
   * Deletes every repo, then every key, under the prefix, and says so; reports what could not be
   * deleted rather than hiding it.
   */
  private void cleanUp() {
    log.println("cleaning up objects named " + prefix + "...");
    List<String> left = new ArrayList<>();
    try {
      for (JsonNode r : repos()) {
        remove("repo", r, "mutation($id: String!) { repoDelete(id: $id) { ok } }", left);
      }
      for (JsonNode k : keys()) {
        remove("key", k, "mutation($id: String!) { sshDelete(id: $id) { ok } }", left);
      }
      left.addAll(names(keys(), repos()));
    } catch (RuntimeException | AssertionError e) {
      left.add("(listing failed: " + e.getMessage() + ")");
    }
    if (left.isEmpty()) {
      log.println("  nothing under " + prefix + " is left");
    } else {
      log.println("  LEFT BEHIND, remove by hand: " + left);
      throw new AssertionError("the contract suite left objects behind: " + left);
    }
  }

  private void remove(String kind, JsonNode n, String mutation, List<String> failed) {
    String id = n.path("id").asText();
    GraphQl.Reply a = api.post(mutation, Map.of("id", id));
    boolean ok = a.status() == 200 && !a.body().has("errors");
    log.println(
        "  "
            + (ok ? "removed " : "FAILED to remove ")
            + kind
            + " "
            + n.path("name").asText()
            + " (id "
            + id
            + ")"
            + (ok ? "" : ": " + a.body()));
    if (!ok) failed.add(kind + " " + n.path("name").asText());
  }

  /** For a scenario's own files. */
  public Path dir() {
    return dir;
  }

  static void check(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
