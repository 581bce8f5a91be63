package dev.borgform.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What BorgBase does for each operation: validation, defaults, id generation and the effects on the
 * account. Results are plain maps shaped like the GraphQL types, so graphql-java can serve them as
 * they are. Permission checks are not done here but by the GraphQL layer, before any of these
 * methods runs.
 */
final class BorgBaseService {
  /** Verbatim BorgBase text (seen in public reports when an account hits its repo limit). */
  static final String OVER_QUOTA = "Over quota or too many repos.";

  // [GUESS] for all messages below: BorgBase's wording is not known.
  static final String REPO_NOT_FOUND = "Repo not found.";
  static final String KEY_NOT_FOUND = "SSH key not found.";
  static final String REGION_CHANGE = "Region cannot be changed.";

  /** [GUESS] Names are kept as given (control characters included) up to this length. */
  static final int MAX_NAME_LENGTH = 1000;

  /**
   * [GUESS] A public key line (type, base64, comment) longer than this is refused: the longest key
   * BorgBase accepts (RSA, 16,384 bits) is under 3,000 characters with a comment.
   */
  static final int MAX_KEY_LINE_LENGTH = 16 * 1024;

  static final String KEY_LINE_TOO_LONG =
      "Invalid SSH key: the key line is longer than " + MAX_KEY_LINE_LENGTH + " characters.";

  static final String NAME_EMPTY = "Name must not be empty.";
  static final String NAME_TOO_LONG = "Name must be at most " + MAX_NAME_LENGTH + " characters.";
  static final String NAME_NOT_TEXT = "Name must be valid Unicode text.";
  static final String KEY_DATA_MISSING = "Invalid SSH key: keyData is required.";

  /**
   * The emulator's own (BorgBase's is unknown): the key id counter of the account (its state file's
   * {@code nextKeyId}) cannot give out another id.
   */
  static final String KEY_IDS_EXHAUSTED =
      "Cannot add an SSH key: the account's key id counter (nextKeyId in the emulator's state"
          + " file) is at its maximum or not a positive number.";

  /**
   * Wording from the official client's example ("The id and at least one further variable is
   * required").
   */
  static final String EDIT_NEEDS_FIELDS = "The id and at least one further variable is required.";

  static final List<String> REGIONS = List.of("eu", "us");
  static final List<String> FORMATS = List.of("borg1", "restic");
  static final List<String> BORG_VERSIONS = List.of("LATEST", "V_1_1_X", "V_1_2_X", "V_1_4_X");
  static final List<String> INTERVAL_UNITS = List.of("days", "weeks", "months");
  private static final List<String> KEY_LISTS =
      List.of("appendOnlyKeys", "fullAccessKeys", "rsyncKeys");

  private static final String REPO_ID_FIRST = "abcdefghijklmnopqrstuvwxyz";
  private static final String REPO_ID_REST = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String PASSWORD_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** [GUESS] One plausible storage server per region; BorgBase assigns real ones per repo. */
  private static final Map<String, Map<String, Object>> SERVERS =
      Map.of(
          "eu", server("8", "box-eu8.borgbase.com", "eu", "Germany"),
          "us", server("21", "box-us21.borgbase.com", "us", "United States"));

  private final AccountStore store;
  private final Clock clock;
  private final int maxRepos;

  BorgBaseService(AccountStore store, Clock clock, int maxRepos) {
    this.store = store;
    this.clock = clock;
    this.maxRepos = maxRepos;
  }

  AccountStore store() {
    return store;
  }

  // ---- queries -------------------------------------------------------------------------------

  List<Map<String, Object>> sshList(@Nullable String name) {
    return store.read(
        acc -> {
          List<Map<String, Object>> out = new ArrayList<>();
          for (StoredKey k : acc.keys.values()) {
            if (matches(name, k.name())) {
              out.add(keyView(k));
            }
          }
          return out;
        });
  }

  List<Map<String, Object>> repoList(@Nullable String name) {
    return store.read(
        acc -> {
          List<Map<String, Object>> out = new ArrayList<>();
          for (StoredRepo r : acc.repos.values()) {
            if (matches(name, r.name)) {
              out.add(repoView(r));
            }
          }
          return out;
        });
  }

  /**
   * [GUESS] An unknown id is an error rather than null, so a client cannot mistake it for success.
   */
  Map<String, Object> repo(@Nullable String repoId) {
    return store.read(
        acc -> {
          StoredRepo r = acc.repos.get(repoId);
          if (r == null) {
            throw new ApiException(REPO_NOT_FOUND);
          }
          return repoView(r);
        });
  }

  /** How many keys {@code sshList(name:)} would answer (sizes answers before they are made). */
  int keyCount(@Nullable String name) {
    return store.read(
        acc -> {
          if (name == null || name.isEmpty()) {
            return acc.keys.size();
          }
          int n = 0;
          for (StoredKey k : acc.keys.values()) {
            if (matches(name, k.name())) {
              n++;
            }
          }
          return n;
        });
  }

  /** How many repos {@code repoList(name:)} would answer. */
  int repoCount(@Nullable String name) {
    return store.read(
        acc -> {
          if (name == null || name.isEmpty()) {
            return acc.repos.size();
          }
          int n = 0;
          for (StoredRepo r : acc.repos.values()) {
            if (matches(name, r.name)) {
              n++;
            }
          }
          return n;
        });
  }

  /** [GUESS] A fresh emulated account never uses more than its plan, so there are no overages. */
  List<Map<String, Object>> overageList() {
    return List.of();
  }

  /** [GUESS] Field values are invented; maxRepos mirrors the emulator's configured limit. */
  Map<String, Object> me() {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("id", "1");
    plan.put("name", "Emulator");
    plan.put("maxRepos", maxRepos);
    plan.put("maxSizeGb", 3000); // plans allow up to 3x the included space (pricing.md)
    plan.put("includedGb", 1000);
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", "1");
    user.put("username", "emulator");
    user.put("activePlan", plan);
    return user;
  }

  // ---- SSH keys ------------------------------------------------------------------------------

  /**
   * Duplicate names and duplicate key material are both accepted: nothing shows BorgBase refuses
   * them. Both arguments are nullable in the schema (the Terraform provider declares them {@code
   * String}), so a missing one is a resolver error here, not a validation error.
   */
  Map<String, Object> sshAdd(@Nullable String name, @Nullable String keyData) {
    String validName = requireName(name);
    if (keyData == null) {
      throw new ApiException(KEY_DATA_MISSING);
    }
    if (keyData.length() > MAX_KEY_LINE_LENGTH) {
      throw new ApiException(KEY_LINE_TOO_LONG);
    }
    SshPublicKey key = SshPublicKey.parse(keyData);
    String now = now();
    return store.write(
        acc -> {
          if (acc.nextKeyId < 1 || acc.nextKeyId == Long.MAX_VALUE) {
            // Only a state file edited by hand gets here: the next id would overflow or not be a
            // positive number, so no id is given out at all (and the file is left as it is).
            throw new ApiException(KEY_IDS_EXHAUSTED);
          }
          StoredKey stored =
              new StoredKey(
                  acc.nextKeyId++,
                  validName,
                  key.keyData(),
                  key.comment,
                  key.keyType,
                  key.bits,
                  key.hashMd5,
                  key.hashSha256,
                  now,
                  null);
          acc.keys.put(stored.id(), stored);
          return keyView(stored);
        });
  }

  /**
   * [GUESS] Deleting a key still used by repos is allowed; the id is dropped from every repo's
   * lists.
   */
  Map<String, Object> sshDelete(@Nullable String id) {
    return store.write(
        acc -> {
          Long keyId = parseKeyId(id);
          if (keyId == null || acc.keys.remove(keyId) == null) {
            throw new ApiException(KEY_NOT_FOUND);
          }
          String canonical = String.valueOf(keyId);
          for (StoredRepo r : List.copyOf(acc.repos.values())) {
            if (r.appendOnlyKeys.contains(canonical)
                || r.fullAccessKeys.contains(canonical)
                || r.rsyncKeys.contains(canonical)) {
              StoredRepo c = r.copy();
              c.appendOnlyKeys = without(c.appendOnlyKeys, canonical);
              c.fullAccessKeys = without(c.fullAccessKeys, canonical);
              c.rsyncKeys = without(c.rsyncKeys, canonical);
              acc.repos.put(c.id, c);
            }
          }
          return ok();
        });
  }

  // ---- repos ---------------------------------------------------------------------------------

  Map<String, Object> repoAdd(Map<String, Object> args) {
    Map<String, Object> given = withoutNulls(args);
    String name = requireName((String) given.get("name"));
    String region = validRegion((String) given.get("region"));
    String format = (String) given.getOrDefault("format", "borg1");
    if (!FORMATS.contains(format)) {
      throw new ApiException(
          "Invalid format '" + format + "'. Must be one of: " + String.join(", ", FORMATS) + ".");
    }
    String now = now();
    return store.write(
        acc -> {
          StoredRepo r = new StoredRepo();
          r.name = name;
          r.region = region;
          r.format = format;
          r.quota = 0;
          r.quotaEnabled = false;
          r.currentUsage = 0.0;
          r.alertDays = 0;
          r.appendOnly = false;
          r.sftpEnabled = false;
          r.borgVersion = "LATEST";
          r.resticVersion = null;
          r.encryption = "none"; // detected by BorgBase only after the client has run `borg init`
          r.createdAt = now;
          r.lastModified = null; // set by the first backup, which never happens here
          r.compactionEnabled = false;
          r.compactionInterval = 6;
          r.compactionIntervalUnit = "weeks";
          r.compactionHour = 14;
          r.compactionHourTimezone = "UTC";
          applySettings(r, given, acc);
          if (acc.repos.size() >= maxRepos) {
            throw new ApiException(OVER_QUOTA);
          }
          r.id = newRepoId(acc);
          r.repoPath = "ssh://" + r.id + "@" + r.id + ".repo.borgbase.com/./repo";
          // [GUESS] Restic repos are served over REST with a generated password; borg repos have
          // none.
          r.htpasswd =
              format.equals("restic") ? randomString(acc.random, PASSWORD_CHARS, 24) : null;
          acc.repos.put(r.id, r);
          return repoView(r);
        });
  }

  /**
   * Arguments given replace stored values; an explicit null counts as not given (graphene cannot
   * tell the two apart either, [GUESS]). Key lists are replaced wholesale.
   */
  Map<String, Object> repoEdit(Map<String, Object> args) {
    Map<String, Object> given = withoutNulls(args);
    String id = (String) given.remove("id");
    if (given.isEmpty()) {
      throw new ApiException(EDIT_NEEDS_FIELDS);
    }
    String name = given.containsKey("name") ? requireName((String) given.get("name")) : null;
    String region = given.containsKey("region") ? validRegion((String) given.get("region")) : null;
    return store.write(
        acc -> {
          StoredRepo old = acc.repos.get(id);
          if (old == null) {
            throw new ApiException(REPO_NOT_FOUND);
          }
          // [GUESS] BorgBase has no way to move a repo between regions; refusing beats silently
          // ignoring.
          if (region != null && !region.equals(old.region)) {
            throw new ApiException(REGION_CHANGE);
          }
          StoredRepo r = old.copy();
          if (name != null) {
            r.name = name;
          }
          applySettings(r, given, acc);
          acc.repos.put(r.id, r);
          return repoView(r);
        });
  }

  Map<String, Object> repoDelete(@Nullable String id) {
    return store.write(
        acc -> {
          if (id == null || acc.repos.remove(id) == null) {
            throw new ApiException(REPO_NOT_FOUND);
          }
          return ok();
        });
  }

  /**
   * A backup arrived over SSH: usage grows and lastModified is set, as BorgBase shows after a
   * client writes. Not part of the GraphQL API (backups never go through it); tests use it to give
   * repos data.
   */
  void recordBackup(String id, double megabytes) {
    String now = now();
    store.write(
        acc -> {
          StoredRepo old = acc.repos.get(id);
          if (old == null) {
            throw new IllegalArgumentException("no repo with id " + id);
          }
          StoredRepo r = old.copy();
          r.currentUsage += megabytes;
          r.lastModified = now;
          acc.repos.put(r.id, r);
          return null;
        });
    store.sync();
  }

  /** Validates and applies the settings shared by repoAdd and repoEdit to {@code r}. */
  private static void applySettings(StoredRepo r, Map<String, Object> given, Account acc) {
    if (given.containsKey("quota")) {
      r.quota = nonNegative("quota", (Integer) given.get("quota"));
    }
    if (given.containsKey("quotaEnabled")) {
      r.quotaEnabled = (Boolean) given.get("quotaEnabled");
    }
    if (given.containsKey("alertDays")) {
      r.alertDays = nonNegative("alertDays", (Integer) given.get("alertDays"));
    }
    if (given.containsKey("appendOnly")) {
      r.appendOnly = (Boolean) given.get("appendOnly");
    }
    if (given.containsKey("sftpEnabled")) {
      r.sftpEnabled = (Boolean) given.get("sftpEnabled");
    }
    if (given.containsKey("borgVersion")) {
      r.borgVersion = oneOf("borgVersion", (String) given.get("borgVersion"), BORG_VERSIONS);
    }
    if (given.containsKey("compactionEnabled")) {
      r.compactionEnabled = (Boolean) given.get("compactionEnabled");
    }
    if (given.containsKey("compactionInterval")) {
      r.compactionInterval =
          inRange("compactionInterval", (Integer) given.get("compactionInterval"), 1, 24);
    }
    if (given.containsKey("compactionIntervalUnit")) {
      r.compactionIntervalUnit =
          oneOf(
              "compactionIntervalUnit",
              (String) given.get("compactionIntervalUnit"),
              INTERVAL_UNITS);
    }
    if (given.containsKey("compactionHour")) {
      r.compactionHour = inRange("compactionHour", (Integer) given.get("compactionHour"), 0, 23);
    }
    if (given.containsKey("compactionHourTimezone")) {
      r.compactionHourTimezone = timezone((String) given.get("compactionHourTimezone"));
    }
    for (String list : KEY_LISTS) {
      if (given.containsKey(list)) {
        List<String> ids = keyIds(list, given.get(list), acc);
        switch (list) {
          case "appendOnlyKeys":
            r.appendOnlyKeys = ids;
            break;
          case "fullAccessKeys":
            r.fullAccessKeys = ids;
            break;
          default:
            r.rsyncKeys = ids;
            break;
        }
      }
    }
  }

  // ---- validation helpers --------------------------------------------------------------------

  /**
   * [GUESS] A name is stored exactly as given, control characters and all (what a client shows of
   * it is the client's business); only an empty or blank name, one too long to be a name, and text
   * that is not Unicode (a lone surrogate, which JSON's \\u escapes can carry) are refused.
   */
  private static String requireName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      throw new ApiException(NAME_EMPTY);
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new ApiException(NAME_TOO_LONG);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new ApiException(NAME_NOT_TEXT);
      }
    }
    return name;
  }

  private static @Nullable String validRegion(@Nullable String region) {
    if (region == null || !REGIONS.contains(region)) {
      // [GUESS] wording; the eu/us restriction itself is documented by every client.
      throw new ApiException("Invalid region '" + region + "'. Must be one of: eu, us.");
    }
    return region;
  }

  private static String oneOf(String field, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new ApiException(
          "Invalid "
              + field
              + " '"
              + value
              + "'. Must be one of: "
              + String.join(", ", allowed)
              + ".");
    }
    return value;
  }

  private static int inRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ApiException(
          "Invalid " + field + " " + value + ". Must be between " + min + " and " + max + ".");
    }
    return value;
  }

  private static int nonNegative(String field, int value) {
    if (value < 0) {
      throw new ApiException("Invalid " + field + " " + value + ". Must not be negative.");
    }
    return value;
  }

  /**
   * Only IANA zone names (and aliases like "CET"), which is what a Python backend would accept;
   * offsets such as "+02:00", although valid java.time ids, are refused. [GUESS]
   */
  private static String timezone(String tz) {
    if (!ZoneId.getAvailableZoneIds().contains(tz)) {
      throw new ApiException(
          "Invalid compactionHourTimezone '"
              + tz
              + "'. Must be a time zone name such as UTC or Europe/Berlin.");
    }
    return tz;
  }

  /**
   * Every entry must name an existing key; ids are stored canonically, duplicates dropped. [GUESS]
   */
  private static List<String> keyIds(String field, Object value, Account acc) {
    Set<String> ids = new LinkedHashSet<>();
    for (Object o : (List<?>) value) {
      Long id = o == null ? null : parseKeyId(o.toString());
      if (id == null || !acc.keys.containsKey(id)) {
        throw new ApiException("Invalid " + field + ": SSH key '" + o + "' not found.");
      }
      ids.add(String.valueOf(id));
    }
    return List.copyOf(ids);
  }

  private static @Nullable Long parseKeyId(@Nullable String id) {
    if (id == null) {
      return null;
    }
    try {
      return Long.parseLong(id.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean matches(@Nullable String filter, @Nullable String name) {
    // [GUESS] Exact match; an empty filter lists everything, as Python's `if name:` would.
    return filter == null || filter.isEmpty() || filter.equals(name);
  }

  private String newRepoId(Account acc) {
    String id;
    do {
      // [GUESS] Every sample id starts with a letter (they are also DNS labels and SSH user names).
      id = randomString(acc.random, REPO_ID_FIRST, 1) + randomString(acc.random, REPO_ID_REST, 7);
    } while (acc.repos.containsKey(id));
    return id;
  }

  private static String randomString(SplitMix64 random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** RFC 3339 in UTC with a Z, whole seconds. */
  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> args) {
    Map<String, Object> out = new HashMap<>();
    args.forEach(
        (k, v) -> {
          if (v != null) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static List<String> without(List<String> list, String id) {
    return list.stream().filter(s -> !s.equals(id)).toList();
  }

  private static Map<String, Object> ok() {
    return Map.of("ok", true);
  }

  // ---- views ---------------------------------------------------------------------------------

  static Map<String, Object> keyView(StoredKey k) {
    Map<String, Object> m = new HashMap<>();
    m.put("id", String.valueOf(k.id()));
    m.put("name", k.name());
    m.put("keyData", k.keyData());
    m.put("comment", k.comment());
    m.put("keyType", k.keyType());
    m.put("bits", k.bits());
    m.put("hashMd5", k.hashMd5());
    m.put("hashSha256", k.hashSha256());
    m.put("addedAt", k.addedAt());
    m.put("lastUsedAt", k.lastUsedAt());
    return m;
  }

  static Map<String, Object> repoView(StoredRepo r) {
    Map<String, Object> m = new HashMap<>();
    m.put("id", r.id);
    m.put("name", r.name);
    m.put("region", r.region);
    m.put("repoPath", r.repoPath);
    m.put("quota", r.quota);
    m.put("quotaEnabled", r.quotaEnabled);
    m.put("currentUsage", r.currentUsage);
    m.put("alertDays", r.alertDays);
    m.put("appendOnly", r.appendOnly);
    m.put("appendOnlyKeys", r.appendOnlyKeys);
    m.put("fullAccessKeys", r.fullAccessKeys);
    m.put("rsyncKeys", r.rsyncKeys);
    m.put("sftpEnabled", r.sftpEnabled);
    m.put("borgVersion", r.borgVersion);
    m.put("resticVersion", r.resticVersion);
    m.put("format", r.format);
    m.put("encryption", r.encryption);
    m.put("htpasswd", r.htpasswd);
    m.put("createdAt", r.createdAt);
    m.put("lastModified", r.lastModified);
    m.put("compactionEnabled", r.compactionEnabled);
    m.put("compactionInterval", r.compactionInterval);
    m.put("compactionIntervalUnit", r.compactionIntervalUnit);
    m.put("compactionHour", r.compactionHour);
    m.put("compactionHourTimezone", r.compactionHourTimezone);
    m.put("server", SERVERS.get(r.region));
    return m;
  }

  private static Map<String, Object> server(
      String id, String hostname, String region, String location) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("hostname", hostname);
    m.put("region", region);
    m.put("public", true);
    m.put("location", location);
    // [GUESS] Invented but stable host key fingerprints in ssh-keygen's "SHA256:..." form.
    m.put("fingerprintRsa", fingerprint(hostname, "rsa"));
    m.put("fingerprintEcdsa", fingerprint(hostname, "ecdsa"));
    m.put("fingerprintEd25519", fingerprint(hostname, "ed25519"));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static String fingerprint(String hostname, String type) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("borgform-emulator " + hostname + " " + type).getBytes(StandardCharsets.UTF_8));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
