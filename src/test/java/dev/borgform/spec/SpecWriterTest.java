package dev.borgform.spec;

import static dev.borgform.testing.Fixtures.live;
import static dev.borgform.testing.Fixtures.liveRepo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.model.LiveQuota;
import dev.borgform.model.RepoField;
import dev.borgform.planner.Exporter;
import dev.borgform.planner.Planner;
import dev.borgform.testing.Golden;
import dev.borgform.testing.PlanDump;
import dev.borgform.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported spec of an awkward account, against a golden file, and read back. */
class SpecWriterTest {
  @TempDir Path dir;

  private static LiveState awkwardAccount() {
    return new LiveState(
        List.of(
            live("1", "web", TestKeys.ED1),
            live("2", "yes", TestKeys.ED2.replace("test2@example", "a ${HOME} comment")),
            live("3", "dup", TestKeys.ED3),
            live("4", "dup", TestKeys.ED4),
            live("5", "007", TestKeys.RSA3072),
            // BorgBase once took RSA keys a spec now refuses.
            new dev.borgform.model.LiveKey(
                "6",
                "weak",
                TestKeys.RSA1024.substring(0, TestKeys.RSA1024.lastIndexOf(' ')),
                "weak@old",
                "ssh-rsa",
                1024,
                null,
                null,
                null)),
        List.of(
            liveRepo("aaaa1111", "web", "eu")
                .with(RepoField.APPEND_ONLY_KEYS, List.of("1"))
                .with(RepoField.FULL_ACCESS_KEYS, List.of("2"))
                .with(RepoField.QUOTA, new LiveQuota(1_500_000, true))
                .with(RepoField.ALERT_DAYS, 2),
            liveRepo("bbbb2222", "odd quota", "us")
                .with(RepoField.QUOTA, new LiveQuota(1_234_567, true)),
            liveRepo("cccc3333", "uses-dup", "eu")
                .with(RepoField.APPEND_ONLY_KEYS, List.of("3"))
                .with(RepoField.FULL_ACCESS_KEYS, List.of("5")),
            liveRepo("dddd4444", "twin", "eu"),
            liveRepo("eeee5555", "twin", "us"),
            liveRepo("ffff6666", "restic", "eu")
                .with(RepoField.FORMAT, "restic")
                .with(RepoField.QUOTA, new LiveQuota(99, false))));
  }

  @Test
  void anAwkwardAccountExportsToASpecThatPlansToNothing() throws Exception {
    LiveState live = awkwardAccount();
    Exporter.Export export = new Exporter().export(live);
    String yaml = new SpecWriter().write(export.desired(), List.of("Exported for a test."));
    Golden.check("export/awkward.yaml", yaml);
    Golden.check("export/awkward.warnings.txt", String.join("\n", export.warnings()) + "\n");

    Path file = Files.writeString(dir.resolve("spec.yaml"), yaml);
    DesiredState loaded = new SpecLoader(Map.of("HOME", "/root")).load(file, "spec.yaml");
    String dump = PlanDump.of(new Planner().plan(loaded, live));
    assertThat(dump.lines().filter(l -> !l.startsWith("!"))).isEmpty();
    assertThat(dump).contains("! IGNORED key.dup", "! IGNORED key.weak", "! IGNORED repo.twin");
    assertThat(loaded.keys())
        .anySatisfy(k -> assertThat(k.publicKey().comment()).isEqualTo("a ${HOME} comment"));
  }
}
