package dev.borgform.model;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One setting of a BorgBase repo, and {@link #TABLE}, the table of all of them. Everything that
 * reads, compares, sends, shows or stores a repo setting is driven by this table: the spec loader
 * and writer, the exporter, the planner's compare and patch, the review lines, the repoAdd/repoEdit
 * arguments, the account read, the live digest and the plan file. Adding a BorgBase repo field is
 * one entry here (in {@link #TABLE}'s two orders) plus the emulator.
 *
 * <p>A field's value has two forms: {@code V}, as the spec states it and a change sends it (an enum
 * for a choice, a {@link Quota}, key names for a key list), and {@code L}, as the account holds it
 * (a choice stays a string, because the account may hold values this version does not know; a quota
 * keeps its number when it is off). In a plan, a key list is sent as key references, which the
 * {@code plan} package keeps beside the other values.
 *
 * <p>Identity (id, name, region) is not here: it is matched, never patched, and every layout puts
 * it first. The repo's format is here, marked {@link #fixed()}: it is set when a repo is created
 * and a change to it is refused.
 *
 * @param <V> the value as the spec states it
 * @param <L> the value as the account holds it
 */
public final class RepoField<V, L> {

  /** How a field's value is read, compared and shown. */
  public enum Kind {
    /** true or false. */
    FLAG,
    /** A whole number in {@link #min()}..{@link #max()}. */
    NUMBER,
    /** One of {@link #choices()}, written as its wire text. */
    CHOICE,
    /** An IANA time zone name. */
    TIMEZONE,
    /** {@link Quota} in the spec, {@link LiveQuota} (two wire fields) in the account. */
    QUOTA,
    /** Key names in the spec, key ids in the account; compared as a set of ids. */
    KEY_LIST
  }

  /** The JSON type of one wire field, for reading it from an answer or a plan file. */
  public enum WireType {
    BOOLEAN,
    INT,
    LONG,
    STRING,
    STRING_LIST
  }

  /** One field of BorgBase's {@code Repo} type and argument of {@code repoAdd}/{@code repoEdit}. */
  public record Wire(String name, String graphQlType, WireType type) {}

  private final String spec;
  private final Kind kind;
  private final List<Wire> wire;
  private final boolean fixed;
  private final int min;
  private final int max;
  private final List<V> choices;
  private final Function<V, String> choiceText;
  private final L liveDefault;

  private RepoField(
      String spec,
      Kind kind,
      List<Wire> wire,
      boolean fixed,
      int min,
      int max,
      List<V> choices,
      Function<V, String> choiceText,
      L liveDefault) {
    this.spec = spec;
    this.kind = kind;
    this.wire = List.copyOf(wire);
    this.fixed = fixed;
    this.min = min;
    this.max = max;
    this.choices = List.copyOf(choices);
    this.choiceText = choiceText;
    this.liveDefault = liveDefault;
  }

  // ---- the kinds ---------------------------------------------------------------------------

  /** A true/false field; {@code dflt} is what BorgBase gives a new repo. */
  public static RepoField<Boolean, Boolean> flag(String spec, String wire, boolean dflt) {
    return new RepoField<>(
        spec,
        Kind.FLAG,
        List.of(new Wire(wire, "Boolean", WireType.BOOLEAN)),
        false,
        0,
        0,
        List.of(),
        String::valueOf,
        dflt);
  }

  /** A whole number a spec may set to {@code min}..{@code max}. */
  public static RepoField<Integer, Integer> number(
      String spec, String wire, int min, int max, int dflt) {
    return new RepoField<>(
        spec,
        Kind.NUMBER,
        List.of(new Wire(wire, "Int", WireType.INT)),
        false,
        min,
        max,
        List.of(),
        String::valueOf,
        dflt);
  }

  /** One of an enum's constants, each spelled on the wire and in the spec as {@code text}. */
  public static <E extends Enum<E>> RepoField<E, String> choice(
      String spec, String wire, E[] values, Function<E, String> text, String dflt, boolean fixed) {
    return new RepoField<>(
        spec,
        Kind.CHOICE,
        List.of(new Wire(wire, "String", WireType.STRING)),
        fixed,
        0,
        0,
        List.of(values),
        text,
        dflt);
  }

  /** An IANA time zone name. */
  public static RepoField<String, String> timezone(String spec, String wire, String dflt) {
    return new RepoField<>(
        spec,
        Kind.TIMEZONE,
        List.of(new Wire(wire, "String", WireType.STRING)),
        false,
        0,
        0,
        List.of(),
        Function.identity(),
        dflt);
  }

  /** A list of keys with one access level. */
  public static RepoField<List<String>, List<String>> keyList(String spec, String wire) {
    return new RepoField<>(
        spec,
        Kind.KEY_LIST,
        List.of(new Wire(wire, "[String]", WireType.STRING_LIST)),
        false,
        0,
        0,
        List.of(),
        String::valueOf,
        List.of());
  }

  private static RepoField<Quota, LiveQuota> quota(String spec, String number, String enabled) {
    return new RepoField<>(
        spec,
        Kind.QUOTA,
        List.of(
            new Wire(number, "Int", WireType.LONG), new Wire(enabled, "Boolean", WireType.BOOLEAN)),
        false,
        0,
        0,
        List.of(),
        String::valueOf,
        new LiveQuota(0, false));
  }

  // ---- the table ---------------------------------------------------------------------------

  public static final RepoField<Quota, LiveQuota> QUOTA = quota("quota", "quota", "quotaEnabled");
  public static final RepoField<Integer, Integer> ALERT_DAYS =
      number("alertDays", "alertDays", 0, Integer.MAX_VALUE, 0);
  public static final RepoField<List<String>, List<String>> APPEND_ONLY_KEYS =
      keyList("appendOnlyKeys", "appendOnlyKeys");
  public static final RepoField<List<String>, List<String>> FULL_ACCESS_KEYS =
      keyList("fullAccessKeys", "fullAccessKeys");
  public static final RepoField<List<String>, List<String>> RSYNC_KEYS =
      keyList("rsyncKeys", "rsyncKeys");
  public static final RepoField<Boolean, Boolean> APPEND_ONLY =
      flag("appendOnly", "appendOnly", false);
  public static final RepoField<Boolean, Boolean> SFTP = flag("sftpEnabled", "sftpEnabled", false);
  public static final RepoField<BorgVersion, String> BORG_VERSION =
      choice(
          "borgVersion", "borgVersion", BorgVersion.values(), BorgVersion::wire, "LATEST", false);
  public static final RepoField<RepoFormat, String> FORMAT =
      choice("format", "format", RepoFormat.values(), RepoFormat::wire, "borg1", true);
  public static final RepoField<Boolean, Boolean> COMPACTION_ENABLED =
      flag("compaction.enabled", "compactionEnabled", false);
  public static final RepoField<Integer, Integer> COMPACTION_INTERVAL =
      number("compaction.interval", "compactionInterval", 1, 24, 6);
  public static final RepoField<CompactionUnit, String> COMPACTION_UNIT =
      choice(
          "compaction.unit",
          "compactionIntervalUnit",
          CompactionUnit.values(),
          CompactionUnit::wire,
          "weeks",
          false);
  public static final RepoField<Integer, Integer> COMPACTION_HOUR =
      number("compaction.hour", "compactionHour", 0, 23, 14);
  public static final RepoField<String, String> COMPACTION_TIMEZONE =
      timezone("compaction.timezone", "compactionHourTimezone", "UTC");

  /**
   * Every repo field. {@code all} is the spec's order (the loader's list of a repo's fields);
   * {@code schema} is the order of BorgBase's {@code Repo} type, in which the account is read, the
   * live digest is taken and arguments are sent. The digest's order is what saved plans are bound
   * to, so a new field goes at the end of {@code schema}.
   */
  public record Table(List<RepoField<?, ?>> all, List<RepoField<?, ?>> schema) {
    public Table {
      all = List.copyOf(all);
      schema = List.copyOf(schema);
      if (!Set.copyOf(all).equals(Set.copyOf(schema)) || all.size() != schema.size()) {
        throw new IllegalArgumentException("the two orders of the repo field table differ");
      }
    }

    /** This table and {@code extra}, last in both orders. */
    public Table with(RepoField<?, ?> extra) {
      List<RepoField<?, ?>> a = new ArrayList<>(all);
      a.add(extra);
      List<RepoField<?, ?>> s = new ArrayList<>(schema);
      s.add(extra);
      return new Table(a, s);
    }

    /**
     * The order a spec, the export and the review lines of a new repo show: fields fixed at
     * creation first (beside name and region), then the others in {@link #all} order.
     */
    public List<RepoField<?, ?>> shown() {
      List<RepoField<?, ?>> out = new ArrayList<>();
      for (RepoField<?, ?> f : all) if (f.fixed()) out.add(f);
      for (RepoField<?, ?> f : all) if (!f.fixed()) out.add(f);
      return out;
    }

    /**
     * The order a live repo's fields are written in a plan file: fields fixed at creation first,
     * then the others in {@link #schema} order.
     */
    public List<RepoField<?, ?>> liveShown() {
      List<RepoField<?, ?>> out = new ArrayList<>();
      for (RepoField<?, ?> f : schema) if (f.fixed()) out.add(f);
      for (RepoField<?, ?> f : schema) if (!f.fixed()) out.add(f);
      return out;
    }

    /** The key-list fields, in {@link #all} order. */
    public List<RepoField<?, ?>> keyLists() {
      return all.stream().filter(RepoField::isKeyList).toList();
    }

    /** The field whose spec path is {@code spec}. */
    public Optional<RepoField<?, ?>> bySpec(String spec) {
      return all.stream().filter(f -> f.spec().equals(spec)).findFirst();
    }
  }

  /** The repo fields borgform manages. */
  public static final Table TABLE =
      new Table(
          List.of(
              QUOTA,
              ALERT_DAYS,
              APPEND_ONLY_KEYS,
              FULL_ACCESS_KEYS,
              RSYNC_KEYS,
              APPEND_ONLY,
              SFTP,
              BORG_VERSION,
              FORMAT,
              COMPACTION_ENABLED,
              COMPACTION_INTERVAL,
              COMPACTION_UNIT,
              COMPACTION_HOUR,
              COMPACTION_TIMEZONE),
          List.of(
              QUOTA,
              ALERT_DAYS,
              APPEND_ONLY,
              APPEND_ONLY_KEYS,
              FULL_ACCESS_KEYS,
              RSYNC_KEYS,
              SFTP,
              BORG_VERSION,
              FORMAT,
              COMPACTION_ENABLED,
              COMPACTION_INTERVAL,
              COMPACTION_UNIT,
              COMPACTION_HOUR,
              COMPACTION_TIMEZONE));

  // ---- what a field is ---------------------------------------------------------------------

  /** The spec path: {@code sftpEnabled}, {@code compaction.hour}; also the review line's name. */
  public String spec() {
    return spec;
  }

  /** The mapping of the spec the field sits in ({@code compaction}), empty at the repo's level. */
  public Optional<String> group() {
    int dot = spec.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : Optional.of(spec.substring(0, dot));
  }

  /** The field's name within its mapping: {@code hour} for {@code compaction.hour}. */
  public String name() {
    return spec.substring(spec.lastIndexOf('.') + 1);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isKeyList() {
    return kind == Kind.KEY_LIST;
  }

  /** This field with its key-list types; only for a {@link Kind#KEY_LIST} field. */
  @SuppressWarnings("unchecked") // a key list's V and L are List<String> (see keyList)
  public RepoField<List<String>, List<String>> asKeyList() {
    if (!isKeyList()) throw new IllegalStateException(spec + " is not a key list");
    return (RepoField<List<String>, List<String>>) this;
  }

  /** The wire fields that carry it: one, or two for the quota ({@code quota}, its switch). */
  public List<Wire> wire() {
    return wire;
  }

  /** Set when the repo is created, never edited: a plan that would change it is refused. */
  public boolean fixed() {
    return fixed;
  }

  /** The range a spec may state, for {@link Kind#NUMBER}. */
  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  /** The values a spec may state, for {@link Kind#CHOICE}, by their text. */
  public Map<String, V> choices() {
    Map<String, V> out = new LinkedHashMap<>();
    for (V v : choices) out.put(choiceText.apply(v), v);
    return out;
  }

  /** What BorgBase gives a new repo, and what an absent wire value means. */
  public L liveDefault() {
    return liveDefault;
  }

  @Override
  public String toString() {
    return spec;
  }

  // ---- values ------------------------------------------------------------------------------

  /**
   * The value in plain form, as the plan file and the spec write it: a choice as its text, a quota
   * as a number of MB or {@code "none"}, key names as they are, other values as they are.
   */
  public Object plain(V v) {
    return switch (kind) {
      case CHOICE -> choiceText.apply(v);
      case QUOTA -> {
        Quota q = (Quota) v;
        yield q.enabled() ? (Object) q.megabytes() : "none";
      }
      default -> v;
    };
  }

  /** The value a plain form stands for; empty for a value this field cannot hold. */
  @SuppressWarnings("unchecked") // each kind's V is fixed by the factory that made the field
  public Optional<V> parse(Object plain) {
    return switch (kind) {
      case FLAG -> plain instanceof Boolean b ? Optional.of((V) b) : Optional.empty();
      case NUMBER -> plain instanceof Integer i ? Optional.of((V) i) : Optional.empty();
      case TIMEZONE -> plain instanceof String s ? Optional.of((V) s) : Optional.empty();
      case CHOICE -> Optional.ofNullable(choices().get(String.valueOf(plain)));
      case QUOTA -> {
        if ("none".equals(plain)) yield Optional.of((V) Quota.none());
        if (plain instanceof Number n) yield Optional.of((V) Quota.ofMegabytes(n.longValue()));
        yield Optional.empty();
      }
      case KEY_LIST -> {
        if (!(plain instanceof List<?> l)) yield Optional.empty();
        List<String> names = new ArrayList<>();
        for (Object o : l) names.add(String.valueOf(o));
        yield Optional.of((V) List.copyOf(names));
      }
    };
  }

  /** The value on a review line: a quota as a {@link Quota}, a choice as its text. */
  public Object shown(V v) {
    return kind == Kind.QUOTA ? v : plain(v);
  }

  /** The live value on a review line, as {@link #shown} shows the value it changes to. */
  public Object shownLive(L l) {
    return kind == Kind.QUOTA ? ((LiveQuota) l).asQuota() : l;
  }

  /**
   * True when the account already holds what the spec states. Key lists are compared by the
   * planner, which knows which ids the names stand for.
   */
  public boolean matches(V desired, L live) {
    return switch (kind) {
      case QUOTA -> {
        LiveQuota q = (LiveQuota) live;
        yield ((Quota) desired).matches(q.enabled(), q.megabytes());
      }
      case KEY_LIST ->
          throw new IllegalStateException(spec + " is a key list, compared by id in the planner");
      default -> Objects.equals(plain(desired), live);
    };
  }

  /** The live value as its wire fields, in {@link #wire()} order. */
  public Map<String, Object> toWire(L l) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (kind == Kind.QUOTA) {
      LiveQuota q = (LiveQuota) l;
      out.put(wire.get(0).name(), q.megabytes());
      out.put(wire.get(1).name(), q.enabled());
    } else {
      out.put(wire.get(0).name(), l);
    }
    return out;
  }

  /**
   * The live value from its wire fields, each already of its {@link WireType} or empty when the
   * answer leaves it out: an absent value is BorgBase's default for a new repo.
   */
  @SuppressWarnings("unchecked") // each kind's L is fixed by the factory that made the field
  public L fromWire(Function<String, Optional<Object>> get) {
    if (kind == Kind.QUOTA) {
      Object mb = get.apply(wire.get(0).name()).orElse(0L);
      Object on = get.apply(wire.get(1).name()).orElse(false);
      return (L) new LiveQuota(mb instanceof Number n ? n.longValue() : 0, Boolean.TRUE.equals(on));
    }
    Optional<Object> read = get.apply(wire.get(0).name());
    if (read.isEmpty()) return liveDefault;
    Object v = read.get();
    if (kind == Kind.KEY_LIST) {
      List<String> ids = new ArrayList<>();
      for (Object o : (List<?>) v) ids.add(String.valueOf(o));
      return (L) List.copyOf(ids);
    }
    if (kind == Kind.NUMBER && v instanceof Number n) return (L) Integer.valueOf(n.intValue());
    return (L) v;
  }

  /**
   * The arguments of {@code repoAdd}/{@code repoEdit} that send {@code v}. Key lists are sent as
   * ids by the client, which resolves the plan's key references.
   */
  public Map<String, Object> arguments(V v) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (kind) {
      case QUOTA -> {
        Quota q = (Quota) v;
        // "none" sends only the switch: the number BorgBase keeps beside a disabled quota is moot.
        if (q.enabled()) out.put(wire.get(0).name(), Math.toIntExact(q.megabytes()));
        out.put(wire.get(1).name(), q.enabled());
      }
      case KEY_LIST -> throw new IllegalStateException(spec + " is sent as key ids");
      default -> out.put(wire.get(0).name(), plain(v));
    }
    return out;
  }

  /**
   * The live value as a spec can state it, for export; empty when a spec cannot say it (an unknown
   * choice, a number outside the spec's range, a quota a spec cannot write). Key lists are named by
   * the exporter, which knows the keys.
   */
  @SuppressWarnings("unchecked") // each kind's V is fixed by the factory that made the field
  public Optional<V> export(L live) {
    return switch (kind) {
      case FLAG -> Optional.of((V) live);
      case NUMBER -> {
        int n = (Integer) live;
        yield n >= min && n <= max ? Optional.of((V) live) : Optional.empty();
      }
      case CHOICE -> parse(live);
      case TIMEZONE -> {
        String tz = (String) live;
        yield tz != null && (tz.equals("UTC") || ZoneId.getAvailableZoneIds().contains(tz))
            ? Optional.of((V) tz)
            : Optional.empty();
      }
      case QUOTA -> {
        LiveQuota q = (LiveQuota) live;
        if (!q.enabled()) yield Optional.of((V) Quota.none());
        yield q.megabytes() > 0 && q.megabytes() <= Integer.MAX_VALUE
            ? Optional.of((V) Quota.ofMegabytes(q.megabytes()))
            : Optional.empty();
      }
      case KEY_LIST ->
          throw new IllegalStateException(spec + " is a key list, named by the exporter");
    };
  }

  /**
   * {@code present} in {@code order}, then any field {@code order} does not hold (a field added to
   * a table beyond this one) in the order {@code present} gives.
   */
  public static List<RepoField<?, ?>> inOrder(
      Collection<RepoField<?, ?>> present, List<RepoField<?, ?>> order) {
    List<RepoField<?, ?>> out = new ArrayList<>();
    for (RepoField<?, ?> f : order) if (present.contains(f)) out.add(f);
    for (RepoField<?, ?> f : present) if (!out.contains(f)) out.add(f);
    return out;
  }
}
