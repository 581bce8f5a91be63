package dev.borgform.testing;

import dev.borgform.diag.SourcePos;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.InvalidPublicKeyException;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Policy;
import dev.borgform.model.Region;
import dev.borgform.model.SshPublicKey;
import java.util.List;

/** Small builders for desired and live objects, so table tests read as data. */
public final class Fixtures {
  private Fixtures() {}

  public static final SourcePos POS = new SourcePos("spec.yaml", 1, 1);

  public static SshPublicKey key(String line) {
    try {
      return SshPublicKey.parse(line);
    } catch (InvalidPublicKeyException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static DesiredKey want(String name, String line) {
    return new DesiredKey(name, key(line), POS);
  }

  public static LiveKey live(String id, String name, String line) {
    SshPublicKey k = key(line);
    return new LiveKey(
        id,
        name,
        k.identity(),
        k.comment(),
        k.type(),
        k.bits(),
        k.md5Fingerprint(),
        k.sha256Fingerprint(),
        "2026-01-01T00:00:00Z");
  }

  public static DesiredRepo repo(String name, Region region) {
    return repo(name, region, null, null);
  }

  /** A desired repo that states its key lists. */
  public static DesiredRepo repo(
      String name, Region region, List<String> appendOnly, List<String> fullAccess) {
    return Repos.desired(
        name,
        null,
        region,
        null,
        null,
        appendOnly,
        fullAccess,
        null,
        null,
        null,
        null,
        null,
        null,
        POS,
        null);
  }

  /** {@code r} with {@code renamedFrom: [from...]}. */
  public static DesiredRepo renamedFrom(DesiredRepo r, String... from) {
    return new DesiredRepo(
        r.name(), r.id(), r.region(), r.values(), r.pos(), r.fieldPos(), List.of(from));
  }

  /** {@code k} with {@code renamedFrom: [from...]}. */
  public static DesiredKey renamedFrom(DesiredKey k, String... from) {
    return new DesiredKey(k.name(), k.publicKey(), k.pos(), List.of(from));
  }

  public static LiveRepo liveRepo(String id, String name, String region) {
    return LiveRepo.withDefaults(id, name, region);
  }

  public static DesiredState desired(List<DesiredKey> keys, List<DesiredRepo> repos) {
    return new DesiredState(keys, repos, Policy.defaults());
  }

  public static DesiredState desired(
      List<DesiredKey> keys, List<DesiredRepo> repos, Policy policy) {
    return new DesiredState(keys, repos, policy);
  }

  public static LiveState account(List<LiveKey> keys, List<LiveRepo> repos) {
    return new LiveState(keys, repos);
  }
}
