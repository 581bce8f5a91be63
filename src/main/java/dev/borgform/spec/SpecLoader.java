package dev.borgform.spec;

import dev.borgform.diag.Diagnostics;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.diag.SourcePos;
import dev.borgform.model.BorgVersion;
import dev.borgform.model.Compaction;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.InvalidPublicKeyException;
import dev.borgform.model.Policy;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoFormat;
import dev.borgform.model.SshPublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a spec file, or a folder of them, into a {@link DesiredState}. Every problem in every file
 * is collected with its {@code file:line:column}, then all are thrown together (exit 65); nothing
 * here touches the network.
 */
public final class SpecLoader {
  static final List<String> ROOT_FIELDS = List.of("version", "keys", "repos", "policy");
  static final List<String> KEY_FIELDS = List.of("name", "publicKey", "publicKeyFile");
  static final List<String> REPO_FIELDS =
      List.of(
          "name", "id", "region", "quota", "alertDays", "appendOnlyKeys", "fullAccessKeys",
          "rsyncKeys", "appendOnly", "sftpEnabled", "borgVersion", "format", "compaction");
  static final List<String> COMPACTION_FIELDS =
      List.of("enabled", "interval", "unit", "hour", "timezone");
  static final List<String> POLICY_FIELDS =
      List.of("pruneKeys", "pruneRepos", "ignore", "maxDeletePercent");
  static final List<String> IGNORE_FIELDS = List.of("keys", "repos");

  /** A public key line is under 3 KB even for RSA 16384; anything bigger is not a .pub file. */
  static final int MAX_KEY_FILE_BYTES = 16 * 1024;

  private static final Map<String, Region> REGIONS = wireMap(Region.values(), Region::wire);
  private static final Map<String, RepoFormat> FORMATS = wireMap(RepoFormat.values(), RepoFormat::wire);
  private static final Map<String, BorgVersion> VERSIONS = wireMap(BorgVersion.values(), BorgVersion::wire);
  private static final Map<String, CompactionUnit> UNITS =
      wireMap(CompactionUnit.values(), CompactionUnit::wire);

  private final Map<String, String> env;

  public SpecLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Loads {@code path} (a file, or a folder whose {@code *.yaml}/{@code *.yml} files are merged).
   * {@code display} is how diagnostics name it, usually the path as the user typed it.
   */
  public DesiredState load(Path path, String display) {
    Diagnostics diags = new Diagnostics();
    List<FileSpec> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      List<Path> members = listSpecs(path);
      if (members.isEmpty()) {
        diags.error(
            SourcePos.startOf(display),
            "the folder has no *.yaml or *.yml files",
            "Pass a spec file or a folder holding spec files with -f.");
      }
      for (Path p : members) {
        String name = display.endsWith("/") ? display + p.getFileName() : display + "/" + p.getFileName();
        files.add(loadFile(p, name, diags));
      }
    } else if (!Files.exists(path)) {
      diags.error(
          SourcePos.startOf(display),
          "no spec file at " + display,
          "Pass the spec with -f FILE, or run borgform where borgbase.yaml is.");
    } else {
      files.add(loadFile(path, display, diags));
    }
    DesiredState state = merge(files, diags);
    if (diags.hasErrors()) throw DiagnosticsException.invalidSpec(diags);
    return state;
  }

  private static List<Path> listSpecs(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> {
            String n = p.getFileName().toString();
            return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** What one file contributes before files are merged. */
  private record FileSpec(
      List<DesiredKey> keys,
      List<DesiredRepo> repos,
      Map<DesiredRepo, List<KeyUse>> keyUses,
      Policy policy,
      SourcePos policyPos) {}

  /** A reference from a repo's key list to a key name, checked once every file is read. */
  private record KeyUse(String list, MapReader.Named name) {}

  private FileSpec loadFile(Path file, String display, Diagnostics diags) {
    FileSpec empty = new FileSpec(List.of(), List.of(), Map.of(), null, null);
    Node root = YamlSource.read(file, display, diags);
    if (root == null) return empty;
    Ctx ctx = new Ctx(display, diags, new Interpolator(env));
    try {
      return readRoot(ctx, root, file.toAbsolutePath().getParent());
    } catch (Ctx.Abort a) {
      return empty;
    }
  }

  private FileSpec readRoot(Ctx ctx, Node root, Path baseDir) {
    MapReader r = MapReader.of(ctx, root, "the spec", ROOT_FIELDS);
    if (r == null) return new FileSpec(List.of(), List.of(), Map.of(), null, null);
    if (!r.has("version")) {
      ctx.error(r.pos(), "the spec has no \"version\"", "Add `version: 1` as the first line.");
    } else {
      Integer v = r.integer("version", 0, Integer.MAX_VALUE);
      if (v != null && v != 1) {
        ctx.error(
            r.posOf("version"),
            "spec version " + v + " is not supported",
            "This borgform reads `version: 1`.");
      }
    }
    List<DesiredKey> keys = new ArrayList<>();
    List<Node> keyNodes = r.list("keys");
    if (keyNodes != null) {
      for (Node n : keyNodes) {
        DesiredKey k = readKey(ctx, n, baseDir);
        if (k != null) keys.add(k);
      }
    }
    List<DesiredRepo> repos = new ArrayList<>();
    Map<DesiredRepo, List<KeyUse>> uses = new LinkedHashMap<>();
    List<Node> repoNodes = r.list("repos");
    if (repoNodes != null) {
      for (Node n : repoNodes) {
        List<KeyUse> repoUses = new ArrayList<>();
        DesiredRepo repo = readRepo(ctx, n, repoUses);
        if (repo != null) {
          repos.add(repo);
          uses.put(repo, repoUses);
        }
      }
    }
    Policy policy = null;
    SourcePos policyPos = null;
    if (r.has("policy")) {
      policy = readPolicy(ctx, r.node("policy"));
      policyPos = r.posOf("policy");
    }
    return new FileSpec(keys, repos, uses, policy, policyPos);
  }

  // ---- keys --------------------------------------------------------------------------------

  private DesiredKey readKey(Ctx ctx, Node n, Path baseDir) {
    String peeked = peekName(n);
    MapReader r = MapReader.of(ctx, n, peeked == null ? "a key" : "key \"" + peeked + "\"", KEY_FIELDS);
    if (r == null) return null;
    r.requireField("name", "web-01");
    String name = r.string("name");
    String what = name == null ? "this key" : "key \"" + name + "\"";
    if (name != null && name.isBlank()) {
      ctx.error(r.posOf("name"), "a key's name is empty", "Give every key a name, e.g. `name: web-01`.");
      name = null;
    }
    boolean inline = r.has("publicKey");
    boolean fromFile = r.has("publicKeyFile");
    if (inline == fromFile) {
      ctx.error(
          r.pos(),
          what + (inline ? " has both publicKey and publicKeyFile" : " has no public key"),
          "Give exactly one of `publicKey: ssh-ed25519 AAAA... comment` or"
              + " `publicKeyFile: keys/web-01.pub`.");
      return null;
    }
    SshPublicKey key = null;
    if (inline) {
      String text = r.string("publicKey");
      if (text != null) key = parseKey(ctx, r.posOf("publicKey"), what, text, null);
    } else {
      String file = r.string("publicKeyFile");
      if (file != null) key = readKeyFile(ctx, r.posOf("publicKeyFile"), what, baseDir, file);
    }
    if (name == null || key == null) return null;
    return new DesiredKey(name, key, r.pos());
  }

  private static SshPublicKey parseKey(Ctx ctx, SourcePos pos, String what, String text, String file) {
    try {
      return SshPublicKey.parse(text);
    } catch (InvalidPublicKeyException e) {
      String where = file == null ? "the public key of " + what : "the file " + file + " of " + what;
      if (e.isPrivateKey()) {
        ctx.error(
            pos,
            where + " is a PRIVATE key; it was not read further and is not shown",
            "Use the public half (the .pub file, or `ssh-keygen -y -f KEYFILE`). If this file was"
                + " committed, treat the private key as leaked and replace it.");
      } else {
        ctx.error(
            pos,
            where + " is not a valid SSH public key: " + e.getMessage(),
            "Paste the whole line of the .pub file: type, base64 blob and optional comment.");
      }
      return null;
    }
  }

  private static SshPublicKey readKeyFile(Ctx ctx, SourcePos pos, String what, Path baseDir, String file) {
    Path p = baseDir.resolve(file).normalize();
    if (!Files.exists(p)) {
      ctx.error(
          pos,
          "the publicKeyFile of " + what + " does not exist: " + file,
          "Paths are relative to the spec file's folder (" + baseDir + ").");
      return null;
    }
    if (!Files.isRegularFile(p)) {
      ctx.error(pos, "the publicKeyFile of " + what + " is not a regular file: " + file, "Point it at a .pub file.");
      return null;
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(p)) {
      bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
    } catch (IOException e) {
      ctx.error(
          pos,
          "cannot read the publicKeyFile of " + what + ": " + e.getClass().getSimpleName(),
          "Check the file's permissions.");
      return null;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (SshPublicKey.looksLikePrivateKey(text)) {
      return parseKey(ctx, pos, what, text, file);
    }
    if (bytes.length > MAX_KEY_FILE_BYTES) {
      ctx.error(
          pos,
          "the publicKeyFile of " + what + " is larger than " + MAX_KEY_FILE_BYTES + " bytes",
          "A public key file holds one line; check that " + file + " is the .pub file.");
      return null;
    }
    return parseKey(ctx, pos, what, text, file);
  }

  // ---- repos -------------------------------------------------------------------------------

  private DesiredRepo readRepo(Ctx ctx, Node n, List<KeyUse> uses) {
    String peeked = peekName(n);
    String what = peeked == null ? "a repo" : "repo \"" + peeked + "\"";
    MapReader r = MapReader.of(ctx, n, what, REPO_FIELDS);
    if (r == null) return null;
    r.requireField("name", "web-01");
    String name = r.string("name");
    if (name != null && name.isBlank()) {
      ctx.error(r.posOf("name"), "a repo's name is empty", "Give every repo a name, e.g. `name: web-01`.");
      name = null;
    }
    if (name != null) what = "repo \"" + name + "\"";

    String id = r.string("id");
    if (id != null && !id.matches("[a-z0-9]{4,32}")) {
      ctx.error(
          r.posOf("id"),
          "\"id\" of " + what + " is \"" + id + "\", which is not a BorgBase repo id",
          "Repo ids are short lowercase letters and digits, e.g. ab12cd34; copy it from the repo's"
              + " address in the web UI.");
      id = null;
    }
    Region region = r.choice("region", REGIONS);
    Quota quota = quota(ctx, r, what);
    Integer alertDays = r.integer("alertDays", 0, Integer.MAX_VALUE);
    List<String> appendOnlyKeys = keyList(ctx, r, "appendOnlyKeys", uses);
    List<String> fullAccessKeys = keyList(ctx, r, "fullAccessKeys", uses);
    List<String> rsyncKeys = keyList(ctx, r, "rsyncKeys", uses);
    if (appendOnlyKeys != null && fullAccessKeys != null) {
      for (String k : appendOnlyKeys) {
        if (fullAccessKeys.contains(k)) {
          ctx.error(
              r.posOf("fullAccessKeys"),
              "key \"" + k + "\" is both append-only and full-access in " + what,
              "A key has one access level per repo; keep it in one of the two lists.");
        }
      }
    }
    Boolean appendOnly = r.bool("appendOnly");
    Boolean sftp = r.bool("sftpEnabled");
    BorgVersion borgVersion = r.choice("borgVersion", VERSIONS);
    RepoFormat format = r.choice("format", FORMATS);
    Compaction compaction = null;
    MapReader c = r.map("compaction", COMPACTION_FIELDS, "the compaction of " + what);
    if (c != null) {
      compaction =
          new Compaction(
              c.bool("enabled"), c.integer("interval", 1, 24), c.choice("unit", UNITS),
              c.integer("hour", 0, 23), c.timezone("timezone"));
    }
    if (name == null) return null;
    Map<String, SourcePos> fieldPos = new HashMap<>();
    for (String f : r.fieldNames()) fieldPos.put(f, r.posOf(f));
    return new DesiredRepo(
        name, id, region, quota, alertDays, appendOnlyKeys, fullAccessKeys, rsyncKeys, appendOnly,
        sftp, borgVersion, format, compaction, r.pos(), fieldPos);
  }

  /** The raw name of a mapping, so messages about its other fields can name it. */
  private static String peekName(Node n) {
    if (!(n instanceof org.yaml.snakeyaml.nodes.MappingNode m)) return null;
    for (org.yaml.snakeyaml.nodes.NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k
          && k.getValue().equals("name")
          && t.getValueNode() instanceof ScalarNode v
          && !v.getValue().contains("${")) {
        return v.getValue();
      }
    }
    return null;
  }

  private static Quota quota(Ctx ctx, MapReader r, String what) {
    Node v = r.node("quota");
    if (v == null) return null;
    if (!(v instanceof ScalarNode s) || Tag.NULL.equals(v.getTag())) {
      ctx.error(
          v,
          "\"quota\" of " + what + " must be a size such as 500GB, not " + Ctx.describe(v),
          "Write e.g. `quota: 500GB`, `quota: 1.5TB`, a number of MB, or `quota: none`.");
      return null;
    }
    boolean plainInteger = Tag.INT.equals(v.getTag());
    String text = plainInteger ? s.getValue() : r.string("quota");
    if (text == null) return null;
    if (plainInteger && !text.matches("[0-9]+")) {
      ctx.error(v, "\"quota\" of " + what + " must be a positive number of MB, or a size", "Write e.g. `quota: 500GB`.");
      return null;
    }
    try {
      return QuotaParser.parse(text, plainInteger);
    } catch (IllegalArgumentException e) {
      ctx.error(v, "\"quota\" of " + what + ": " + e.getMessage(), "Write e.g. `quota: 500GB`, `quota: 1.5TB`, `quota: 750000` (MB) or `quota: none`.");
      return null;
    }
  }

  private static List<String> keyList(Ctx ctx, MapReader r, String field, List<KeyUse> uses) {
    List<MapReader.Named> items = r.stringList(field);
    if (items == null) return null;
    List<String> names = new ArrayList<>();
    for (MapReader.Named item : items) {
      if (names.contains(item.value())) {
        ctx.error(item.pos(), "key \"" + item.value() + "\" is listed twice in " + field, "Remove one of them.");
        continue;
      }
      names.add(item.value());
      uses.add(new KeyUse(field, item));
    }
    return names;
  }

  // ---- policy ------------------------------------------------------------------------------

  private static Policy readPolicy(Ctx ctx, Node n) {
    MapReader r = MapReader.of(ctx, n, "the policy", POLICY_FIELDS);
    Policy d = Policy.defaults();
    if (r == null) return d;
    Boolean pruneKeys = r.bool("pruneKeys");
    Boolean pruneRepos = r.bool("pruneRepos");
    Integer max = r.integer("maxDeletePercent", 0, 100);
    List<String> ignoreKeys = List.of();
    List<String> ignoreRepos = List.of();
    MapReader ig = r.map("ignore", IGNORE_FIELDS, "policy.ignore");
    if (ig != null) {
      List<MapReader.Named> k = ig.stringList("keys");
      List<MapReader.Named> rp = ig.stringList("repos");
      if (k != null) ignoreKeys = k.stream().map(MapReader.Named::value).toList();
      if (rp != null) ignoreRepos = rp.stream().map(MapReader.Named::value).toList();
    }
    return new Policy(
        pruneKeys == null ? d.pruneKeys() : pruneKeys,
        pruneRepos == null ? d.pruneRepos() : pruneRepos,
        ignoreKeys,
        ignoreRepos,
        max == null ? d.maxDeletePercent() : max);
  }

  // ---- merging -----------------------------------------------------------------------------

  private static DesiredState merge(List<FileSpec> files, Diagnostics diags) {
    Map<String, DesiredKey> keys = new LinkedHashMap<>();
    Map<String, DesiredRepo> repos = new LinkedHashMap<>();
    Map<String, DesiredRepo> pinned = new HashMap<>();
    Policy policy = null;
    SourcePos policyPos = null;
    for (FileSpec f : files) {
      for (DesiredKey k : f.keys()) {
        DesiredKey first = keys.putIfAbsent(k.name(), k);
        if (first != null) {
          diags.error(
              k.pos(),
              "key \"" + k.name() + "\" is declared twice",
              "The first is at " + first.pos() + "; key names are unique in a spec.");
        }
      }
      for (DesiredRepo r : f.repos()) {
        DesiredRepo first = repos.putIfAbsent(r.name(), r);
        if (first != null) {
          diags.error(
              r.pos(),
              "repo \"" + r.name() + "\" is declared twice",
              "The first is at " + first.pos() + "; repo names are unique in a spec.");
        }
        if (r.id() != null) {
          DesiredRepo other = pinned.putIfAbsent(r.id(), r);
          if (other != null && other != r) {
            diags.error(
                r.posOf("id"),
                "repos \"" + other.name() + "\" and \"" + r.name() + "\" pin the same id " + r.id(),
                "One repo id belongs to one entry; the other is at " + other.posOf("id") + ".");
          }
        }
      }
      if (f.policy() != null) {
        if (policy != null) {
          diags.error(
              f.policyPos(),
              "a second policy block",
              "The first is at " + policyPos + "; keep one policy for the whole spec.");
        } else {
          policy = f.policy();
          policyPos = f.policyPos();
        }
      }
    }
    for (FileSpec f : files) {
      for (Map.Entry<DesiredRepo, List<KeyUse>> e : f.keyUses().entrySet()) {
        for (KeyUse u : e.getValue()) {
          if (!keys.containsKey(u.name().value())) {
            diags.error(
                u.name().pos(),
                "repo \"" + e.getKey().name() + "\" uses key \"" + u.name().value()
                    + "\" in " + u.list() + ", but the spec declares no such key",
                Suggest.hint(u.name().value(), keys.keySet())
                    + "Declare it under `keys:` with its public key.");
          }
        }
      }
    }
    return new DesiredState(
        List.copyOf(keys.values()),
        List.copyOf(repos.values()),
        policy == null ? Policy.defaults() : policy);
  }

  private static <E> Map<String, E> wireMap(E[] values, java.util.function.Function<E, String> wire) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E e : values) m.put(wire.apply(e), e);
    return java.util.Collections.unmodifiableMap(m);
  }
}
