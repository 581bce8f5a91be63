package dev.borgform.spec;

import dev.borgform.concurrent.Meanwhile;
import dev.borgform.concurrent.Uninterruptibly;
import dev.borgform.diag.Diagnostics;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.diag.Printable;
import dev.borgform.diag.SourcePos;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.InvalidPublicKeyException;
import dev.borgform.model.NameGlob;
import dev.borgform.model.Names;
import dev.borgform.model.Policy;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.model.SshPublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns a spec file, or a folder of them, into a {@link DesiredState}. Every problem in every file
 * is collected with its {@code file:line:column}, then all are thrown together (exit 65); nothing
 * here touches the network.
 *
 * <p>Nothing a message prints comes from the environment or from key material: a value taken from
 * {@code ${VAR}} is shown as the {@code ${VAR}} text written in the spec, and a file that holds a
 * private key is reported by position only.
 */
public final class SpecLoader {
  static final List<String> ROOT_FIELDS =
      List.of("version", "requiredVersion", "keys", "defaults", "repos", "policy");
  static final List<String> KEY_FIELDS =
      List.of("name", "renamedFrom", "publicKey", "publicKeyFile");

  /** A repo's fields: its identity, then each field of the repo field table, by mapping. */
  static final List<String> REPO_FIELDS = repoFields();

  static final List<String> POLICY_FIELDS =
      List.of("pruneKeys", "pruneRepos", "ignore", "maxDeletePercent");
  static final List<String> IGNORE_FIELDS = List.of("keys", "repos");

  /** A public key line is under 3 KB even for RSA 16384; anything bigger is not a .pub file. */
  static final int MAX_KEY_FILE_BYTES = 16 * 1024;

  /** All files of a folder together; four times the single-file limit. */
  static final long MAX_FOLDER_BYTES = 4L * YamlSource.MAX_BYTES;

  /** BorgBase repo ids: lowercase letters and digits (8 in every id seen; a little slack here). */
  private static final Pattern REPO_ID = Pattern.compile("[a-z0-9]{4,32}");

  private static final Map<String, Region> REGIONS = wireMap(Region.values(), Region::wire);

  private final Map<String, String> env;
  private final List<String> secrets;
  private final @Nullable String borgformVersion;

  /** Key lists shorter than this are read in line: a thread would cost more than it saves. */
  static final int EARLY_KEYS_FROM = 500;

  /** See {@link EarlyKeys}; tests set it to compare reading keys early and in line. */
  private int earlyKeysFrom = EARLY_KEYS_FROM;

  /** This loader, reading key lists of {@code n} keys or more early ({@link EarlyKeys}). */
  SpecLoader earlyKeysFrom(int n) {
    earlyKeysFrom = n;
    return this;
  }

  /** See {@link EarlyRepos}; tests set it to compare reading repos early and in line. */
  private int earlyReposFromChars = YamlSource.PIPED_FROM_CHARS;

  /** This loader, reading the repos of files of {@code chars} characters or more early. */
  SpecLoader earlyReposFromChars(int chars) {
    earlyReposFromChars = chars;
    return this;
  }

  /** See {@link YamlSource#PIPED_FROM_CHARS}; tests set it to compare both ways of parsing. */
  private int pipedFromChars = YamlSource.PIPED_FROM_CHARS;

  /** This loader, parsing files of {@code chars} characters or more on a thread of their own. */
  SpecLoader pipedFromChars(int chars) {
    pipedFromChars = chars;
    return this;
  }

  /**
   * A loader whose only known secret is the token in {@code BORGBASE_TOKEN}, if set, and which
   * checks {@code requiredVersion}'s syntax but not the version it asks for.
   */
  public SpecLoader(Map<String, String> env) {
    this(env, env.containsKey("BORGBASE_TOKEN") ? List.of(env.get("BORGBASE_TOKEN")) : List.of());
  }

  /** {@code borgformVersion}: the running borgform, which {@code requiredVersion} must allow. */
  public SpecLoader(Map<String, String> env, String borgformVersion) {
    this(
        env,
        env.containsKey("BORGBASE_TOKEN") ? List.of(env.get("BORGBASE_TOKEN")) : List.of(),
        borgformVersion);
  }

  /** As {@link #SpecLoader(Map, Collection, String)}, not checking the running version. */
  public SpecLoader(Map<String, String> env, Collection<String> secrets) {
    this(env, secrets, null);
  }

  /**
   * @param env the environment {@code ${BORGFORM_*}} values come from
   * @param secrets values no interpolated variable may hold (the run's API token, whether from
   *     {@code BORGBASE_TOKEN} or {@code --token-file}); values under {@link #MIN_SECRET_LENGTH}
   *     characters are not tokens and are ignored
   * @param borgformVersion the running borgform, which {@code requiredVersion} must allow; null
   *     checks only the constraint's syntax
   */
  public SpecLoader(
      Map<String, String> env, Collection<String> secrets, @Nullable String borgformVersion) {
    this.env = Map.copyOf(env);
    this.borgformVersion = borgformVersion;
    this.secrets =
        secrets.stream()
            .filter(Objects::nonNull)
            .map(String::strip)
            .filter(t -> t.length() >= MIN_SECRET_LENGTH)
            .toList();
  }

  /** Shorter values are not tokens; refusing them in variables would only refuse ordinary text. */
  public static final int MIN_SECRET_LENGTH = 8;

  /**
   * Loads {@code path} (a file, or a folder whose {@code *.yaml}/{@code *.yml} files are merged).
   * {@code display} is how diagnostics name it, usually the path as the user typed it.
   */
  public DesiredState load(Path path, String display) {
    Diagnostics diags = new Diagnostics();
    List<FileSpec> files = new ArrayList<>();
    List<Parsed> parsed = new ArrayList<>();
    if (Files.isDirectory(path)) {
      List<Path> members = listSpecs(path);
      if (members.isEmpty()) {
        diags.error(
            SourcePos.startOf(display),
            "the folder has no *.yaml or *.yml files",
            "Pass a spec file or a folder holding spec files with -f.");
      }
      long budget = MAX_FOLDER_BYTES;
      for (Path p : members) {
        String name =
            display.endsWith("/") ? display + p.getFileName() : display + "/" + p.getFileName();
        parsed.add(parseFile(p, name, diags, budget));
        budget -= sizeOf(p);
      }
    } else if (!Files.exists(path)) {
      diags.error(
          SourcePos.startOf(display),
          "no spec file at " + Ctx.printable(display),
          "Pass the spec with -f FILE, or run borgform where borgbase.yaml is.");
    } else {
      parsed.add(parseFile(path, display, diags, MAX_FOLDER_BYTES));
    }
    // defaults: apply to the repos of every file of a folder, so they are found before any repo
    // is read.
    Defaults defaults = findDefaults(parsed, diags);
    if (defaults != null) {
      // Checked once on their own, before any repo inherits them: a wrong default is one message
      // about the defaults, even when every repo sets the field.
      for (Parsed p : parsed) {
        if (p == null || !p.display().equals(defaults.file())) continue;
        p.ctx().defaults = defaults;
        try {
          readRepo(p.ctx(), defaults.node(), defaults.uses);
        } catch (Ctx.Abort a) {
          // Reported; the file's own reading stops the same way.
        }
      }
    }
    for (Parsed p : parsed) files.add(p == null ? FileSpec.UNREADABLE : readFile(p, defaults));
    DesiredState state = merge(files, defaults, diags);
    if (diags.hasErrors()) throw DiagnosticsException.invalidSpec(diags);
    return state;
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<Path> listSpecs(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(
              p -> {
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
      List<KeyEntry> keys,
      @Nullable Set<String> declaredKeys,
      List<RepoEntry> repos,
      @Nullable Policy policy,
      @Nullable SourcePos policyPos,
      List<MapReader.Text> ignoreKeys,
      List<MapReader.Text> ignoreRepos) {
    /** A file that could not be read at all; what it declares is unknown. */
    static final FileSpec UNREADABLE =
        new FileSpec(List.of(), null, List.of(), null, null, List.of(), List.of());

    boolean unreadable() {
      return declaredKeys == null;
    }
  }

  /** A key and how messages may name it. */
  private record KeyEntry(DesiredKey key, MapReader.Text name, List<MapReader.Text> renamedFrom) {}

  /** A repo, how messages may name it, and the key names it uses (checked after merging). */
  private record RepoEntry(
      DesiredRepo repo, MapReader.Text name, List<KeyUse> uses, List<MapReader.Text> renamedFrom) {}

  /** A reference from a repo's key list to a key name. */
  record KeyUse(String list, MapReader.Text name) {}

  /** A file composed into YAML nodes whose {@code requiredVersion} allows this borgform. */
  private record Parsed(
      Path file,
      String display,
      Ctx ctx,
      Node root,
      @Nullable EarlyKeys early,
      @Nullable EarlyRepos earlyRepos) {}

  /** The keys of one file as read: the entries and every name declared, valid or not. */
  private record KeysRead(List<KeyEntry> keys, Set<String> declared) {}

  /**
   * A file's {@code keys:}, read on a thread of their own ({@link Meanwhile}) as soon as SnakeYAML
   * has composed them, while it composes the rest of the file (the repos): on two cores the two
   * take the longer of their times, not the sum. At 10,000 keys and repos, reading the keys is a
   * third of loading the spec.
   *
   * <p>What was read early is used only when reading it had nothing to report, the file has no
   * {@code defaults:} (whose positions a message may point into), and the node counts stay within
   * {@link Ctx#MAX_NODES}. Otherwise the keys are read again in line, as they always were, so the
   * messages, their order, and the limits on errors and nodes are exactly those of one thread.
   */
  private record EarlyKeys(Node node, Ctx fork, Supplier<Optional<KeysRead>> read) {
    /** What was read early for {@code keys}, or empty to read them in line. */
    // The very node that was read early, not one equal to it (a second keys: field, say).
    @SuppressWarnings("ReferenceEquality")
    Optional<KeysRead> take(Ctx ctx, @Nullable Node keys, boolean hasDefaults) {
      // Waited for even when not used, so that no reading goes on past this point.
      Optional<KeysRead> r = read.get();
      if (keys != node || hasDefaults) return Optional.empty();
      return r.isPresent() && ctx.absorb(fork) ? r : Optional.empty();
    }
  }

  /** Repos handed to the thread that reads them early at a time ({@link EarlyRepos}). */
  private static final int REPOS_PER_BATCH = 64;

  /**
   * A file's repos, each read as soon as SnakeYAML has composed it, on a thread of its own: the
   * composing thread hands them over in batches and goes on composing, so that reading them adds
   * nothing to the time the file takes to compose (in a large file that time bounds loading it, as
   * the parser, on its own thread too, waited for the composer while it read the repos itself).
   *
   * <p>What was read early is used only when it is exactly the file's {@code repos:} (the same
   * nodes, in the same order: an alias among them, say, makes it not so), reading it had nothing to
   * report, the spec has no {@code defaults:} to merge into them, and the node counts stay within
   * {@link Ctx#MAX_NODES}. Otherwise the repos are read again in line, as they always were, so
   * messages and limits are exactly those of reading them after composing.
   *
   * <p>Nodes are never changed once composed, and the queue hands them over safely. The reading
   * thread uses a fork of the file's context of its own, as {@link EarlyKeys} does. {@link #close}
   * ends it, and {@link SpecLoader#parseFile} calls it however composing ends.
   */
  private final class EarlyRepos {
    private final Ctx fork;

    /** The composing thread's: every item handed over, and the batch being filled. */
    private final List<Node> nodes = new ArrayList<>();

    private List<MappingNode> batch = new ArrayList<>(REPOS_PER_BATCH);
    private final BlockingQueue<List<MappingNode>> queue = new LinkedBlockingQueue<>();
    private @Nullable Supplier<Optional<List<RepoEntry>>> reading;
    private boolean closed;

    EarlyRepos(Ctx ctx) {
      fork = ctx.fork();
    }

    void read(MappingNode item) {
      if (closed) return;
      if (reading == null) {
        reading = Meanwhile.start(true, "borgform-spec-repos", this::readAll);
      }
      nodes.add(item);
      batch.add(item);
      if (batch.size() == REPOS_PER_BATCH) {
        queue.add(batch);
        batch = new ArrayList<>(REPOS_PER_BATCH);
      }
    }

    /** No more repos: composing has ended, whether or not the file was whole. */
    void close() {
      if (closed) return;
      closed = true;
      if (reading == null) return;
      if (!batch.isEmpty()) queue.add(batch);
      queue.add(List.of()); // the end; batches are never empty
    }

    /** On the reading thread: every batch until the end, or empty once a repo did not read. */
    private Optional<List<RepoEntry>> readAll() {
      List<RepoEntry> read = new ArrayList<>();
      boolean failed = false;
      while (true) {
        List<MappingNode> items = Uninterruptibly.await(queue::take);
        if (items.isEmpty()) return failed ? Optional.empty() : Optional.of(read);
        for (int i = 0; i < items.size() && !failed; i++) {
          try {
            RepoEntry repo = readRepo(fork, items.get(i));
            if (repo == null) {
              failed = true;
            } else {
              read.add(repo);
            }
          } catch (Ctx.Abort a) {
            failed = true;
          }
        }
      }
    }

    /** What was read early for {@code repoNodes}, or empty to read them in line. */
    // The very nodes that were read early, not ones equal to them.
    @SuppressWarnings("ReferenceEquality")
    Optional<List<RepoEntry>> take(Ctx ctx, List<Node> repoNodes) {
      close();
      // Waited for even when not used, so that no reading goes on past this point.
      Optional<List<RepoEntry>> read = reading == null ? Optional.of(List.of()) : reading.get();
      if (read.isEmpty() || ctx.defaults != null || nodes.size() != repoNodes.size()) {
        return Optional.empty();
      }
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i) != repoNodes.get(i)) return Optional.empty();
      }
      return ctx.absorb(fork) ? read : Optional.empty();
    }
  }

  private KeysRead readKeys(Ctx ctx, List<Node> nodes, @Nullable Path baseDir, String display) {
    List<KeyEntry> keys = new ArrayList<>();
    // Names of keys declared here, even those whose public key is wrong: a repo that uses one
    // should not get a second, misleading error.
    Set<String> declared = new HashSet<>();
    for (Node n : nodes) {
      KeyEntry k = readKey(ctx, n, baseDir, display, declared);
      if (k != null) keys.add(k);
    }
    return new KeysRead(keys, declared);
  }

  /** The file as YAML nodes, or null (with diagnostics) when it cannot be read as a spec. */
  private @Nullable Parsed parseFile(Path file, String display, Diagnostics diags, long budget) {
    String text = YamlSource.readDecoded(file, display, diags, budget);
    if (text == null) return null;
    Ctx ctx = new Ctx(display, diags, new Interpolator(env, secrets));
    Path baseDir = file.toAbsolutePath().getParent();
    List<EarlyKeys> early = new ArrayList<>(1);
    EarlyRepos earlyRepos = text.length() >= earlyReposFromChars ? new EarlyRepos(ctx) : null;
    Node root;
    // A large file's parser starts scanning while the text is checked; what it finds is reported
    // only if the checks pass, and nothing is composed or read before they do.
    try (YamlSource.Parsing parsing = YamlSource.parse(text, pipedFromChars)) {
      if (!YamlSource.isSpecText(text, display, diags)) return null;
      int secret = SshPublicKey.privateKeyIndex(text);
      if (secret >= 0) {
        reportPrivateKey(text, secret, display, diags);
        return null;
      }
      try {
        root = compose(parsing, display, diags, ctx, baseDir, early, earlyRepos);
      } finally {
        if (earlyRepos != null) earlyRepos.close();
      }
    }
    if (root == null) return null;
    try {
      if (!requiredVersionAllowsThisBorgform(ctx, root)) return null;
    } catch (Ctx.Abort a) {
      return null;
    }
    return new Parsed(file, display, ctx, root, early.isEmpty() ? null : early.get(0), earlyRepos);
  }

  /** The file composed, its keys and repos handed to be read early as they are composed. */
  private @Nullable Node compose(
      YamlSource.Parsing parsing,
      String display,
      Diagnostics diags,
      Ctx ctx,
      @Nullable Path baseDir,
      List<EarlyKeys> early,
      @Nullable EarlyRepos earlyRepos) {
    return YamlSource.compose(
        parsing,
        display,
        diags,
        new YamlSource.Listener() {
          @Override
          public void rootValue(String field, Node value) {
            keysEarly(field, value);
          }

          @Override
          public void rootListItem(String field, MappingNode item) {
            if (earlyRepos != null && field.equals("repos")) earlyRepos.read(item);
          }

          private void keysEarly(String field, Node value) {
            if (field.equals("keys")
                && early.isEmpty()
                && value instanceof SequenceNode s
                && s.getValue().size() >= earlyKeysFrom) {
              Ctx fork = ctx.fork();
              List<Node> items = List.copyOf(s.getValue());
              early.add(
                  new EarlyKeys(
                      value,
                      fork,
                      Meanwhile.start(
                          true,
                          "borgform-spec-keys",
                          () -> {
                            try {
                              return Optional.of(readKeys(fork, items, baseDir, display));
                            } catch (Ctx.Abort a) {
                              return Optional.empty();
                            }
                          })));
            }
          }
        });
  }

  private FileSpec readFile(Parsed p, @Nullable Defaults defaults) {
    p.ctx().defaults = defaults;
    try {
      return readRoot(
          p.ctx(),
          p.root(),
          p.file().toAbsolutePath().getParent(),
          p.display(),
          p.early(),
          p.earlyRepos());
    } catch (Ctx.Abort a) {
      return FileSpec.UNREADABLE;
    }
  }

  /**
   * The one {@code defaults:} mapping of the spec, or null. A second one, in the same folder, is an
   * error naming both places: which would win is a guess nobody should have to make.
   */
  private static @Nullable Defaults findDefaults(List<Parsed> parsed, Diagnostics diags) {
    Defaults found = null;
    for (Parsed p : parsed) {
      if (p == null || !(p.root() instanceof MappingNode m)) continue;
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k) || !k.getValue().equals("defaults")) {
          continue;
        }
        SourcePos at = p.ctx().pos(k);
        if (found != null) {
          diags.error(
              at,
              "a second defaults: block",
              "The first is at "
                  + found.keyPos()
                  + "; keep one defaults: for the whole spec (a folder spec included).");
        } else if (t.getValueNode() instanceof MappingNode d) {
          found = new Defaults(d, p.display(), at);
        }
        // A defaults: that is not a mapping is reported when its file is read.
      }
    }
    return found;
  }

  /**
   * {@code requiredVersion} is checked before anything else in its file, and a file written for
   * another borgform is read no further: it may use fields this one does not know, and a list of
   * those would bury the one error that matters (Terraform treats {@code required_version} so).
   */
  private boolean requiredVersionAllowsThisBorgform(Ctx ctx, Node root) {
    if (!(root instanceof MappingNode m)) return true;
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || !k.getValue().equals("requiredVersion")) {
        continue;
      }
      Node v = t.getValueNode();
      if (!(v instanceof ScalarNode s) || Scalars.kind(s) != Scalars.Kind.STR) {
        ctx.error(
            v,
            "requiredVersion must be text, not " + Ctx.describe(v),
            "Quote it, e.g. `requiredVersion: \">= 0.1, < 0.2\"`.");
        return true;
      }
      VersionConstraint constraint;
      try {
        constraint = VersionConstraint.parse(s.getValue());
      } catch (IllegalArgumentException e) {
        ctx.error(
            v,
            "requiredVersion "
                + Ctx.quoted(s.getValue())
                + " is not a version constraint: "
                + e.getMessage(),
            "Join comparisons with commas, e.g. `requiredVersion: \">= 0.1, < 0.2\"`; the"
                + " operators are =, !=, >, >=, <, <= and ~> (docs/spec.md).");
        return true;
      }
      if (borgformVersion != null && !constraint.allows(borgformVersion)) {
        ctx.error(
            v,
            "this spec requires borgform "
                + Ctx.quoted(s.getValue())
                + ", and this is borgform "
                + borgformVersion,
            "Run a borgform that requiredVersion allows (docs/install.md installs a given"
                + " version), or change requiredVersion.");
        return false;
      }
    }
    return true;
  }

  /**
   * A private key pasted into the spec is reported by position and by the key entry holding it,
   * never by content; nothing else in the file is checked, because any other message (an unknown
   * field, a YAML error) could quote part of it.
   */
  private static void reportPrivateKey(String text, int index, String display, Diagnostics diags) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    SourcePos pos = new SourcePos(display, line, index - lineStart + 1);
    String holder = keyHolding(text, line, display);
    diags.error(
        pos,
        (holder == null ? "the spec file holds" : "the publicKey of " + holder + " is")
            + " a PRIVATE key; it is not shown",
        "Give the public half instead (the .pub file, or `ssh-keygen -y -f KEYFILE`). If this file"
            + " was shared or committed, treat the private key as leaked and replace it. Nothing"
            + " else in this file was checked.");
  }

  /** The key entry whose publicKey spans {@code line}, as {@code key "name"}, or null. */
  private static @Nullable String keyHolding(String text, int line, String display) {
    Node root = YamlSource.compose(text, display, new Diagnostics());
    if (!(root instanceof MappingNode m)) return null;
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || !k.getValue().equals("keys")) continue;
      if (!(t.getValueNode() instanceof SequenceNode keys)) return null;
      for (Node item : keys.getValue()) {
        if (!(item instanceof MappingNode km)) continue;
        for (NodeTuple f : km.getValue()) {
          Node v = f.getValueNode();
          if (f.getKeyNode() instanceof ScalarNode fk
              && fk.getValue().equals("publicKey")
              && v.getStartMark().getLine() + 1 <= line
              && line <= v.getEndMark().getLine() + 1) {
            String name = peekName(item);
            return name == null ? "a key" : "key " + Ctx.quoted(name);
          }
        }
      }
    }
    return null;
  }

  private FileSpec readRoot(
      Ctx ctx,
      Node root,
      @Nullable Path baseDir,
      String display,
      @Nullable EarlyKeys early,
      @Nullable EarlyRepos earlyRepos) {
    if (notASpec(ctx, root, display)) return FileSpec.UNREADABLE;
    MapReader r = MapReader.of(ctx, root, "the spec", ROOT_FIELDS);
    if (r == null) return FileSpec.UNREADABLE;
    if (!r.has("version")) {
      ctx.error(r.pos(), "the spec has no \"version\"", "Add `version: 1` as the first line.");
    } else {
      // has("version") said it is there.
      Node v = Objects.requireNonNull(r.node("version"));
      boolean isOne = v instanceof ScalarNode s && s.isPlain() && s.getValue().equals("1");
      if (!isOne) {
        boolean number = v instanceof ScalarNode s && Scalars.kind(s) == Scalars.Kind.INT;
        ctx.error(
            v,
            number
                ? "spec version " + Ctx.shown(((ScalarNode) v).getValue()) + " is not supported"
                : "the spec's version must be the number 1, not "
                    + Ctx.describe(v)
                    + (v instanceof ScalarNode s && Scalars.kind(s) != Scalars.Kind.NULL
                        ? " " + Ctx.quoted(s.getValue())
                        : ""),
            number ? "This borgform reads `version: 1`." : "Write `version: 1`, without quotes.");
      }
    }
    List<KeyEntry> keys = new ArrayList<>();
    Set<String> declared = new HashSet<>();
    List<Node> keyNodes = r.list("keys");
    if (keyNodes != null) {
      Optional<KeysRead> earlyRead =
          early == null ? Optional.empty() : early.take(ctx, r.node("keys"), r.has("defaults"));
      KeysRead read =
          earlyRead.isPresent() ? earlyRead.get() : readKeys(ctx, keyNodes, baseDir, display);
      keys.addAll(read.keys());
      declared.addAll(read.declared());
    }
    if (r.has("defaults")) {
      // has("defaults") said it is there.
      Node d = Objects.requireNonNull(r.node("defaults"));
      // The defaults were checked before any file was read (load); here only one that is not a
      // mapping is left to report. A second defaults: block is reported as such (findDefaults).
      if (ctx.defaults == null) MapReader.of(ctx, d, DEFAULTS_WHAT, Defaults.fields());
    }
    List<RepoEntry> repos = new ArrayList<>();
    List<Node> repoNodes = r.list("repos");
    if (repoNodes != null) {
      Optional<List<RepoEntry>> earlyRead =
          earlyRepos == null ? Optional.empty() : earlyRepos.take(ctx, repoNodes);
      if (earlyRead.isPresent()) {
        repos.addAll(earlyRead.get());
      } else {
        for (Node n : repoNodes) {
          RepoEntry repo = readRepo(ctx, n);
          if (repo != null) repos.add(repo);
        }
      }
    }
    if (!r.has("policy"))
      return new FileSpec(keys, declared, repos, null, null, List.of(), List.of());
    return readPolicy(
        ctx, Objects.requireNonNull(r.node("policy")), r.keyPosOf("policy"), keys, declared, repos);
  }

  /**
   * True (with one diagnostic) for a mapping none of whose fields a spec has: a wrong {@code -f} (a
   * config file, {@code /etc/shadow}). Reporting each of its fields as unknown would print the file
   * line by line, and it may hold secrets; one message quoting a few characters of its first line
   * is enough to recognise it.
   */
  private static boolean notASpec(Ctx ctx, Node root, String display) {
    if (!(root instanceof MappingNode m) || m.getValue().isEmpty()) return false;
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && ROOT_FIELDS.contains(k.getValue())) {
        return false;
      }
    }
    Node first = m.getValue().get(0).getKeyNode();
    String start =
        first instanceof ScalarNode k
            ? " (its first is \""
                + Printable.excerpt(k.getValue(), YamlSource.SHOWN_FROM_NON_SPEC)
                + "\")"
            : "";
    ctx.error(
        SourcePos.startOf(display),
        "this file is not a borgform spec: it has none of the fields "
            + String.join(", ", ROOT_FIELDS)
            + start,
        "Check that -f names the spec file or folder (by default borgbase.yaml in the working"
            + " directory). A spec starts with `version: 1`.");
    return true;
  }

  // ---- names -------------------------------------------------------------------------------

  /** The entry's name, checked; null (with a diagnostic) when missing or unusable. */
  static MapReader.@Nullable Text name(Ctx ctx, MapReader r, String kind) {
    r.requireField("name", "web-01");
    MapReader.Text t = r.text("name");
    if (t == null) return null;
    String problem = Names.problem(t.value());
    if (problem != null) {
      ctx.error(
          t.pos(),
          "the name of a "
              + kind
              + " "
              + problem
              + (t.fromEnv() ? " (it comes from " + t.shown() + ")" : ""),
          "A name is one line of text, e.g. `name: web-01`.");
      return null;
    }
    return t;
  }

  /** The raw name of a mapping, so messages about its other fields can name it. */
  private static @Nullable String peekName(Node n) {
    if (!(n instanceof MappingNode m)) return null;
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k
          && k.getValue().equals("name")
          && t.getValueNode() instanceof ScalarNode v
          && !v.getValue().isBlank()) {
        return v.getValue();
      }
    }
    return null;
  }

  private static String label(String kind, Node n) {
    String peeked = peekName(n);
    return peeked == null ? "a " + kind : kind + " " + Ctx.quoted(peeked);
  }

  // ---- keys --------------------------------------------------------------------------------

  private @Nullable KeyEntry readKey(
      Ctx ctx, Node n, @Nullable Path baseDir, String display, Set<String> declared) {
    MapReader r = MapReader.of(ctx, n, label("key", n), KEY_FIELDS);
    if (r == null) return null;
    MapReader.Text name = name(ctx, r, "key");
    if (name != null) declared.add(name.value());
    String what = name == null ? label("key", n) : "key " + name.shown();
    List<MapReader.Text> renamedFrom = renamedFrom(ctx, r, what, name);
    boolean inline = r.has("publicKey");
    boolean fromFile = r.has("publicKeyFile");
    if (inline && fromFile) {
      ctx.error(
          r.keyPosOf("publicKeyFile"),
          what + " has both publicKey and publicKeyFile",
          "Keep one: `publicKey: ssh-ed25519 AAAA... comment` or `publicKeyFile: keys/web-01.pub`.");
      return null;
    }
    if (!inline && !fromFile) {
      ctx.error(
          r.pos(),
          what + " has no public key",
          "Add `publicKey: ssh-ed25519 AAAA... comment` or `publicKeyFile: keys/web-01.pub`.");
      return null;
    }
    SshPublicKey key = null;
    if (inline) {
      MapReader.Text text = r.text("publicKey");
      if (text != null) {
        String where =
            "the publicKey of " + what + (text.fromEnv() ? " (from " + text.shown() + ")" : "");
        key = parseKey(ctx, text.pos(), where, text.value());
      }
    } else {
      MapReader.Text file = r.text("publicKeyFile");
      if (file != null) key = readKeyFile(ctx, what, baseDir, display, file);
    }
    if (name == null || key == null) return null;
    return new KeyEntry(
        new DesiredKey(name.value(), key, r.pos(), values(renamedFrom)), name, renamedFrom);
  }

  private static @Nullable SshPublicKey parseKey(
      Ctx ctx, SourcePos pos, String where, String text) {
    try {
      return SshPublicKey.parse(text);
    } catch (InvalidPublicKeyException e) {
      if (e.isPrivateKey()) {
        ctx.error(
            pos,
            where + " is a PRIVATE key; it is not shown",
            "Give the public half instead (the .pub file, or `ssh-keygen -y -f KEYFILE`). If it"
                + " was shared or committed, treat the private key as leaked and replace it.");
      } else {
        ctx.error(
            pos,
            where + " is not a valid SSH public key: " + e.getMessage(),
            "Give the whole line of the .pub file: type, base64 blob and optional comment.");
      }
      return null;
    }
  }

  private static @Nullable SshPublicKey readKeyFile(
      Ctx ctx, String what, @Nullable Path baseDir, String display, MapReader.Text file) {
    String where = "the publicKeyFile of " + what;
    String shownPath = file.shown();
    if (file.value().isBlank()) {
      ctx.error(
          file.pos(),
          where + " is empty",
          "Write the path of the .pub file, relative to the spec file.");
      return null;
    }
    Path p;
    try {
      p = Objects.requireNonNull(baseDir, "baseDir").resolve(file.value()).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      ctx.error(
          file.pos(),
          where + " is not a usable path: " + shownPath,
          "Write the path of the .pub file.");
      return null;
    }
    if (!Files.exists(p)) {
      String tilde =
          file.value().startsWith("~")
              ? " borgform does not expand ~; write the path relative to the spec file, or an absolute one."
              : "";
      ctx.error(
          file.pos(),
          where + " does not exist: " + shownPath,
          "The path is relative to the folder of " + Ctx.printable(display) + "." + tilde);
      return null;
    }
    if (!Files.isRegularFile(p)) {
      ctx.error(
          file.pos(), where + " is not a regular file: " + shownPath, "Point it at a .pub file.");
      return null;
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(p)) {
      bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
    } catch (IOException e) {
      ctx.error(
          file.pos(),
          "cannot read " + where + " (" + e.getClass().getSimpleName() + "): " + shownPath,
          "Check the file's permissions.");
      return null;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String whereFile = where + " (" + shownPath + ")";
    if (SshPublicKey.looksLikePrivateKey(text)) return parseKey(ctx, file.pos(), whereFile, text);
    if (bytes.length > MAX_KEY_FILE_BYTES) {
      ctx.error(
          file.pos(),
          whereFile + " is larger than " + MAX_KEY_FILE_BYTES + " bytes",
          "A public key file holds one line; check that it is the .pub file.");
      return null;
    }
    return parseKey(ctx, file.pos(), whereFile, text);
  }

  // ---- repos -------------------------------------------------------------------------------

  /** How messages name the {@code defaults:} mapping. */
  static final String DEFAULTS_WHAT = "the defaults";

  private @Nullable RepoEntry readRepo(Ctx ctx, Node n) {
    return readRepo(ctx, n, null);
  }

  /**
   * One repo, with the spec's defaults merged into its mapping first; or, when {@code defaultsUses}
   * is given, the {@code defaults:} mapping itself, read as a repo without a name (its key
   * references go to {@code defaultsUses}, and null is returned).
   */
  private @Nullable RepoEntry readRepo(Ctx ctx, Node n, @Nullable List<KeyUse> defaultsUses) {
    boolean isDefaults = defaultsUses != null;
    MapReader r =
        isDefaults
            ? MapReader.of(ctx, withoutPerRepoFields(ctx, n), DEFAULTS_WHAT, Defaults.fields())
            : MapReader.of(
                ctx,
                ctx.defaults == null ? n : ctx.defaults.mergeInto(n),
                label("repo", n),
                REPO_FIELDS);
    if (r == null) return null;
    MapReader.Text name = isDefaults ? null : name(ctx, r, "repo");
    String what =
        isDefaults ? DEFAULTS_WHAT : name == null ? label("repo", n) : "repo " + name.shown();
    List<MapReader.Text> renamedFrom = isDefaults ? List.of() : renamedFrom(ctx, r, what, name);

    String id = null;
    MapReader.Text idText = r.text("id");
    if (idText != null) {
      if (REPO_ID.matcher(idText.value()).matches()) {
        id = idText.value();
      } else {
        ctx.error(
            idText.pos(),
            "the id of " + what + " is " + idText.shown() + ", which is not a BorgBase repo id",
            "Repo ids are lowercase letters and digits, e.g. ab12cd34; copy it from the repo's"
                + " address in the web UI, or remove `id` to match the repo by name.");
      }
    }
    Region region = r.choice("region", REGIONS);
    List<KeyUse> uses = defaultsUses != null ? defaultsUses : new ArrayList<>();
    Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>();
    Map<String, MapReader> groups = new HashMap<>();
    List<RepoField<?, ?>> keyLists = RepoField.TABLE.keyLists();
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      MapReader m = r;
      if (f.group().isPresent()) {
        String g = f.group().get();
        if (!groups.containsKey(g))
          groups.put(g, r.map(g, groupFields(g), "the " + g + " of " + what));
        m = groups.get(g);
        if (m == null) continue;
      }
      Object v = field(ctx, m, f, what, uses);
      if (v != null) values.put(f, v);
      if (f == keyLists.get(keyLists.size() - 1)) oneAccessLevel(ctx, values, uses, what);
    }
    if (name == null) return null;
    Map<String, SourcePos> fieldPos = new HashMap<>();
    for (String f : r.fieldNames()) fieldPos.put(f, r.posOf(f));
    DesiredRepo repo =
        new DesiredRepo(name.value(), id, region, values, r.pos(), fieldPos, values(renamedFrom));
    return new RepoEntry(repo, name, uses, renamedFrom);
  }

  /**
   * The defaults mapping without the fields that name one repo, each reported: a name, id or
   * renamedFrom shared by every repo would make them all the same repo.
   */
  private static Node withoutPerRepoFields(Ctx ctx, Node n) {
    if (!(n instanceof MappingNode m)) return n;
    List<NodeTuple> kept = new ArrayList<>();
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k
          && Defaults.NOT_DEFAULTABLE.contains(k.getValue())) {
        ctx.error(
            k,
            "field " + Ctx.quoted(k.getValue()) + " cannot be set in defaults:",
            "name, id and renamedFrom belong to one repo; write it in that repo's entry under"
                + " repos:.");
        continue;
      }
      kept.add(t);
    }
    return new MappingNode(
        m.getTag(), true, kept, m.getStartMark(), m.getEndMark(), m.getFlowStyle());
  }

  // ---- renamedFrom -------------------------------------------------------------------------

  /**
   * The entry's former names, each checked as a name; a name listed twice, or the entry's own name,
   * is refused here. Whether another entry uses or claims the name is checked after merging, since
   * the other entry may sit in another file of a folder spec.
   */
  private static List<MapReader.Text> renamedFrom(
      Ctx ctx, MapReader r, String what, MapReader.@Nullable Text name) {
    List<MapReader.Text> items = r.textList("renamedFrom");
    if (items == null) return List.of();
    List<MapReader.Text> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (MapReader.Text t : items) {
      String problem = Names.problem(t.value());
      if (problem != null) {
        ctx.error(
            t.pos(),
            "a name in renamedFrom of "
                + what
                + " "
                + problem
                + (t.fromEnv() ? " (it comes from " + t.shown() + ")" : ""),
            "List the names the "
                + (what.startsWith("key") ? "key" : "repo")
                + " had before, e.g. `renamedFrom: [web-01-old]`.");
        continue;
      }
      if (!seen.add(t.value())) {
        ctx.error(
            t.pos(),
            "name " + t.shown() + " is listed twice in renamedFrom of " + what,
            "Remove one of them.");
        continue;
      }
      if (name != null && name.value().equals(t.value())) {
        ctx.error(
            t.pos(),
            what + " lists its own name in renamedFrom",
            "renamedFrom holds the names it had before; remove " + t.shown() + " from it.");
        continue;
      }
      out.add(t);
    }
    return out;
  }

  private static List<String> values(List<MapReader.Text> texts) {
    return texts.stream().map(MapReader.Text::value).toList();
  }

  /**
   * renamedFrom across the whole spec: an old name that an entry of the same kind still has would
   * make one live object the target of two entries, and so would one old name claimed by two
   * entries; both are refused rather than guessed.
   */
  private static void checkRenames(
      Diagnostics diags,
      String kind,
      Map<String, MapReader.Text> current,
      List<Map.Entry<MapReader.Text, List<MapReader.Text>>> entries) {
    Map<String, MapReader.Text> claimedBy = new HashMap<>();
    for (Map.Entry<MapReader.Text, List<MapReader.Text>> e : entries) {
      MapReader.Text owner = e.getKey();
      for (MapReader.Text old : e.getValue()) {
        MapReader.Text other = current.get(old.value());
        if (other != null) {
          diags.error(
              old.pos(),
              kind
                  + " "
                  + owner.shown()
                  + " lists "
                  + old.shown()
                  + " in renamedFrom, but the spec also has a "
                  + kind
                  + " named "
                  + old.shown()
                  + " (at "
                  + other.pos()
                  + ")",
              "A "
                  + kind
                  + " is either renamed or kept: remove "
                  + old.shown()
                  + " from renamedFrom, or remove the other entry.");
          continue;
        }
        MapReader.Text first = claimedBy.putIfAbsent(old.value(), owner);
        if (first != null && !first.value().equals(owner.value())) {
          diags.error(
              old.pos(),
              kind
                  + "s "
                  + first.shown()
                  + " and "
                  + owner.shown()
                  + " both list "
                  + old.shown()
                  + " in renamedFrom",
              "One "
                  + kind
                  + " can be renamed into one entry; keep "
                  + old.shown()
                  + " in the renamedFrom of one of them.");
        }
      }
    }
  }

  /** The spec's names of a repo's fields, in the table's order, a mapping by its name. */
  private static List<String> repoFields() {
    List<String> out = new ArrayList<>(List.of("name", "renamedFrom", "id", "region"));
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      String top = f.group().orElse(f.name());
      if (!out.contains(top)) out.add(top);
    }
    return List.copyOf(out);
  }

  /** The names of the fields in mapping {@code group} of a repo. */
  static List<String> groupFields(String group) {
    return RepoField.TABLE.all().stream()
        .filter(f -> f.group().equals(Optional.of(group)))
        .map(RepoField::name)
        .toList();
  }

  /** One field of a repo as its kind reads it; null (with a diagnostic if wrong) when absent. */
  private static @Nullable Object field(
      Ctx ctx, MapReader m, RepoField<?, ?> f, String what, List<KeyUse> uses) {
    return switch (f.kind()) {
      case FLAG -> m.bool(f.name());
      case NUMBER -> m.integer(f.name(), f.min(), f.max());
      case CHOICE -> m.choice(f.name(), f.choices());
      case TIMEZONE -> m.timezone(f.name());
      case QUOTA -> quota(ctx, m, f.name(), what);
      case KEY_LIST -> keyList(ctx, m, f.name(), what, uses);
    };
  }

  /** A key has one access level per repo: not both append-only and full access. */
  private static void oneAccessLevel(
      Ctx ctx, Map<RepoField<?, ?>, Object> values, List<KeyUse> uses, String what) {
    if (values.get(RepoField.APPEND_ONLY_KEYS) instanceof List<?> appendOnly
        && values.containsKey(RepoField.FULL_ACCESS_KEYS)) {
      for (KeyUse u : uses) {
        if (u.list().equals(RepoField.FULL_ACCESS_KEYS.name())
            && appendOnly.contains(u.name().value())) {
          ctx.error(
              u.name().pos(),
              "key " + u.name().shown() + " is both append-only and full-access in " + what,
              "A key has one access level per repo; keep it in one of the two lists.");
        }
      }
    }
  }

  private static @Nullable Quota quota(Ctx ctx, MapReader r, String field, String what) {
    Node v = r.node(field);
    if (v == null) return null;
    String hint =
        "Write e.g. `quota: 500GB`, `quota: 1.5TB`, `quota: 750000` (MB) or `quota: none`.";
    if (v instanceof ScalarNode s && s.isPlain()) {
      Scalars.Kind kind = Scalars.kind(s);
      if (kind == Scalars.Kind.INT && Scalars.DECIMAL.matcher(s.getValue()).matches()) {
        return quotaOf(ctx, v, what, s.getValue(), () -> Ctx.quoted(s.getValue()), hint);
      }
      if (kind != Scalars.Kind.STR) {
        ctx.error(
            v,
            "the quota of "
                + what
                + " must be a size such as 500GB, not "
                + Ctx.describe(v)
                + (kind == Scalars.Kind.NULL ? "" : " " + Ctx.quoted(s.getValue())),
            hint);
        return null;
      }
    }
    MapReader.Text t = r.text(field);
    if (t == null) return null;
    return quotaOf(ctx, v, what, t.value(), t::shown, hint);
  }

  private static @Nullable Quota quotaOf(
      Ctx ctx, Node v, String what, String text, Supplier<String> shown, String hint) {
    try {
      return QuotaParser.parse(text);
    } catch (IllegalArgumentException e) {
      ctx.error(v, "the quota of " + what + " is " + shown.get() + ": " + e.getMessage(), hint);
      return null;
    }
  }

  private static @Nullable List<String> keyList(
      Ctx ctx, MapReader r, String field, String what, List<KeyUse> uses) {
    List<MapReader.Text> items = r.textList(field);
    if (items == null) return null;
    List<String> names = new ArrayList<>();
    for (MapReader.Text item : items) {
      if (names.contains(item.value())) {
        ctx.error(
            item.pos(),
            "key " + item.shown() + " is listed twice in " + field + " of " + what,
            "Remove one of them.");
        continue;
      }
      names.add(item.value());
      uses.add(new KeyUse(field, item));
    }
    return names;
  }

  // ---- policy ------------------------------------------------------------------------------

  private static FileSpec readPolicy(
      Ctx ctx,
      Node n,
      @Nullable SourcePos pos,
      List<KeyEntry> keys,
      Set<String> declared,
      List<RepoEntry> repos) {
    MapReader r = MapReader.of(ctx, n, "the policy", POLICY_FIELDS);
    Policy d = Policy.defaults();
    if (r == null) return new FileSpec(keys, declared, repos, d, pos, List.of(), List.of());
    Boolean pruneKeys = r.bool("pruneKeys");
    Boolean pruneRepos = r.bool("pruneRepos");
    Integer max = r.integer("maxDeletePercent", 0, 100);
    List<MapReader.Text> ignoreKeys = List.of();
    List<MapReader.Text> ignoreRepos = List.of();
    MapReader ig = r.map("ignore", IGNORE_FIELDS, "policy.ignore");
    if (ig != null) {
      ignoreKeys = globs(ctx, ig, "keys");
      ignoreRepos = globs(ctx, ig, "repos");
    }
    Policy policy =
        new Policy(
            pruneKeys == null ? d.pruneKeys() : pruneKeys,
            pruneRepos == null ? d.pruneRepos() : pruneRepos,
            ignoreKeys.stream().map(MapReader.Text::value).toList(),
            ignoreRepos.stream().map(MapReader.Text::value).toList(),
            max == null ? d.maxDeletePercent() : max);
    return new FileSpec(keys, declared, repos, policy, pos, ignoreKeys, ignoreRepos);
  }

  private static List<MapReader.Text> globs(Ctx ctx, MapReader ig, String field) {
    List<MapReader.Text> items = ig.textList(field);
    if (items == null) return List.of();
    List<MapReader.Text> out = new ArrayList<>();
    for (MapReader.Text t : items) {
      if (t.value().isBlank()) {
        ctx.error(
            t.pos(),
            "an ignore pattern in policy.ignore." + field + " is empty",
            "Write a name or a glob such as `legacy-*`.");
      } else if (!Printable.isClean(t.value())) {
        ctx.error(
            t.pos(),
            "an ignore pattern in policy.ignore."
                + field
                + " holds control or invisible characters",
            "Write a name or a glob such as `legacy-*`.");
      } else {
        out.add(t);
      }
    }
    return out;
  }

  // ---- merging -----------------------------------------------------------------------------

  private static DesiredState merge(
      List<FileSpec> files, @Nullable Defaults defaults, Diagnostics diags) {
    Map<String, KeyEntry> keys = new LinkedHashMap<>();
    Map<String, RepoEntry> repos = new LinkedHashMap<>();
    Map<String, RepoEntry> pinned = new HashMap<>();
    Policy policy = null;
    SourcePos policyPos = null;
    List<MapReader.Text> ignoreKeys = new ArrayList<>();
    List<MapReader.Text> ignoreRepos = new ArrayList<>();
    for (FileSpec f : files) {
      for (KeyEntry k : f.keys()) {
        KeyEntry first = keys.putIfAbsent(k.key().name(), k);
        if (first != null) {
          diags.error(
              k.name().pos(),
              "key " + k.name().shown() + " is declared twice",
              "The first is at " + first.name().pos() + "; key names are unique in a spec.");
        }
      }
      for (RepoEntry r : f.repos()) {
        RepoEntry first = repos.putIfAbsent(r.repo().name(), r);
        if (first != null) {
          diags.error(
              r.name().pos(),
              "repo " + r.name().shown() + " is declared twice",
              "The first is at " + first.name().pos() + "; repo names are unique in a spec.");
        }
        if (r.repo().id() != null) {
          RepoEntry other = pinned.putIfAbsent(r.repo().id(), r);
          if (other != null && !other.equals(r)) {
            diags.error(
                r.repo().posOf("id"),
                "repos " + other.name().shown() + " and " + r.name().shown() + " pin the same id",
                "One repo id belongs to one entry; the other is at "
                    + other.repo().posOf("id")
                    + ".");
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
          ignoreKeys.addAll(f.ignoreKeys());
          ignoreRepos.addAll(f.ignoreRepos());
        }
      }
    }
    // A file that could not be read may declare the keys others use; saying they are missing
    // would send the user after the wrong problem.
    boolean allRead = files.stream().noneMatch(FileSpec::unreadable);
    Set<String> declared = new HashSet<>();
    for (FileSpec f : files) if (!f.unreadable()) declared.addAll(f.declaredKeys());
    if (defaults != null && allRead) {
      for (KeyUse u : defaults.uses) {
        if (!declared.contains(u.name().value())) {
          diags.error(
              u.name().pos(),
              "the defaults use key "
                  + u.name().shown()
                  + " in "
                  + u.list()
                  + ", but the spec declares no such key",
              didYouMean(u, keys) + "Declare it under `keys:` with its public key.");
        }
      }
    }
    for (FileSpec f : files) {
      for (RepoEntry r : f.repos()) {
        for (KeyUse u : r.uses()) {
          // A name inherited from defaults: was checked with the defaults, once.
          if (defaults != null && defaults.contains(u.name().pos())) continue;
          if (allRead && !declared.contains(u.name().value())) {
            String hint = didYouMean(u, keys);
            diags.error(
                u.name().pos(),
                "repo "
                    + r.name().shown()
                    + " uses key "
                    + u.name().shown()
                    + " in "
                    + u.list()
                    + ", but the spec declares no such key",
                hint + "Declare it under `keys:` with its public key.");
          }
        }
      }
    }
    Map<String, MapReader.Text> keyNames = new HashMap<>();
    List<Map.Entry<MapReader.Text, List<MapReader.Text>>> keyRenames = new ArrayList<>();
    for (KeyEntry k : keys.values()) {
      keyNames.put(k.key().name(), k.name());
      keyRenames.add(Map.entry(k.name(), k.renamedFrom()));
    }
    checkRenames(diags, "key", keyNames, keyRenames);
    Map<String, MapReader.Text> repoNames = new HashMap<>();
    List<Map.Entry<MapReader.Text, List<MapReader.Text>>> repoRenames = new ArrayList<>();
    for (RepoEntry r : repos.values()) {
      repoNames.put(r.repo().name(), r.name());
      repoRenames.add(Map.entry(r.name(), r.renamedFrom()));
    }
    checkRenames(diags, "repo", repoNames, repoRenames);
    for (KeyEntry k : keys.values()) {
      for (MapReader.Text g : ignoreKeys) {
        if (new NameGlob(List.of(g.value())).matches(k.key().name())) {
          diags.error(
              k.name().pos(),
              "key "
                  + k.name().shown()
                  + " is in the spec, but policy.ignore.keys matches it with "
                  + g.shown()
                  + " (at "
                  + g.pos()
                  + ")",
              "An ignored key is never touched; remove it from the spec or narrow the pattern.");
        }
      }
    }
    for (RepoEntry r : repos.values()) {
      for (MapReader.Text g : ignoreRepos) {
        if (new NameGlob(List.of(g.value())).matches(r.repo().name())) {
          diags.error(
              r.name().pos(),
              "repo "
                  + r.name().shown()
                  + " is in the spec, but policy.ignore.repos matches it with "
                  + g.shown()
                  + " (at "
                  + g.pos()
                  + ")",
              "An ignored repo is never touched; remove it from the spec or narrow the pattern.");
        }
      }
    }
    return new DesiredState(
        keys.values().stream().map(KeyEntry::key).toList(),
        repos.values().stream().map(RepoEntry::repo).toList(),
        policy == null ? Policy.defaults() : policy);
  }

  private static String didYouMean(KeyUse u, Map<String, KeyEntry> keys) {
    if (u.name().fromEnv()) return "";
    String close = Suggest.closest(u.name().value(), keys.keySet());
    if (close == null) return "";
    // Suggest.closest picks one of the names it was given.
    return "Did you mean " + Objects.requireNonNull(keys.get(close)).name().shown() + "? ";
  }

  private static <E> Map<String, E> wireMap(
      E[] values, java.util.function.Function<E, String> wire) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E e : values) m.put(wire.apply(e), e);
    return java.util.Collections.unmodifiableMap(m);
  }
}
