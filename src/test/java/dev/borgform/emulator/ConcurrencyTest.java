package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.testing.GraphQl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  void concurrentClientsDoNotCorruptState() throws Exception {
    int threads = 6;
    int perThread = 15;
    Path file = dir.resolve("state.json");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(file))) {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  GraphQl gql = GraphQl.of(server);
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    ids.add(gql.addKey("k" + thread + "-" + i, TestKeys.ED25519_LINE));
                    ids.add(gql.addRepo("r" + thread + "-" + i, i % 2 == 0 ? "eu" : "us"));
                    gql.post("{ sshList { id } repoList { id } }");
                  }
                  return ids;
                }));
      }
      Set<String> all = new HashSet<>();
      for (Future<List<String>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(2 * threads * perThread); // every id unique
      JsonNode data = GraphQl.of(server).post("{ sshList { id } repoList { id } }").data();
      assertThat(data.get("sshList")).hasSize(threads * perThread);
      assertThat(data.get("repoList")).hasSize(threads * perThread);
      assertThat(server.stats().requests()).isEqualTo(3L * threads * perThread + 1);
      assertThat(server.stats().operation("sshAdd")).isEqualTo((long) threads * perThread);
    } finally {
      pool.shutdownNow();
    }
    try (EmulatorServer again =
        EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(file))) {
      JsonNode data = GraphQl.of(again).post("{ sshList { id } repoList { id } }").data();
      assertThat(data.get("sshList")).hasSize(threads * perThread);
      assertThat(data.get("repoList")).hasSize(threads * perThread);
    }
  }
}
