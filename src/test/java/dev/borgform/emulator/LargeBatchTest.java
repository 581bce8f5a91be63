package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.GraphQl;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * borgform batches a whole apply phase into one document; graphene has no size limits, nor may we.
 */
class LargeBatchTest {
  @TempDir Path dir;

  @Test
  void fiveHundredAliasedRepoAddsInOneDocument() throws Exception {
    int n = 500;
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(dir.resolve("s.json")))) {
      GraphQl gql = GraphQl.of(server);
      String key = gql.addKey("k", TestKeys.ED25519_LINE);
      StringBuilder doc = new StringBuilder("mutation(");
      Map<String, Object> vars = new HashMap<>();
      for (int i = 0; i < n; i++) {
        doc.append(i == 0 ? "" : ", ").append("$n").append(i).append(": String!");
        vars.put("n" + i, "server-" + i);
      }
      doc.append(", $keys: [String]) {\n");
      vars.put("keys", java.util.List.of(key));
      for (int i = 0; i < n; i++) {
        doc.append("  m")
            .append(i)
            .append(": repoAdd(name: $n")
            .append(i)
            .append(
                ", region: \"eu\", quota: 1000, quotaEnabled: true, alertDays: 2, appendOnly: false,"
                    + " appendOnlyKeys: $keys, fullAccessKeys: [], rsyncKeys: [], sftpEnabled: false,"
                    + " borgVersion: \"LATEST\", compactionEnabled: true, compactionInterval: 6,"
                    + " compactionIntervalUnit: \"weeks\", compactionHour: 14,"
                    + " compactionHourTimezone: \"UTC\") { repoAdded { id name repoPath appendOnlyKeys } }\n");
      }
      doc.append("}");
      GraphQl.Reply r = gql.post(doc.toString(), vars);
      assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
      assertThat(r.errors()).isNull();
      assertThat(r.data().size()).isEqualTo(n);
      assertThat(gql.post("{ repoList { id } }").data("repoList")).hasSize(n);
      assertThat(server.stats().field("repoAdd")).isEqualTo(n);
      assertThat(server.stats().operation("repoAdd")).isEqualTo(1);
    }
  }
}
