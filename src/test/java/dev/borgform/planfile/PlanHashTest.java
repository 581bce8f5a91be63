package dev.borgform.planfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.bench.Accounts;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.plan.Plan;
import dev.borgform.plan.Target;
import dev.borgform.planner.Planner;
import dev.borgform.render.ReasonText;
import dev.borgform.testing.Scenarios;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plan hash is computed change by change without building the document as one tree ({@code
 * hash} and {@code write}); a saved file is verified by {@code hashOf} over the whole parsed tree.
 * The two must agree byte for byte on every plan, or a plan written today would be refused as
 * edited: compared here on random accounts and specs (every kind of change, notes, warnings, empty
 * plans) and on both kinds of target.
 */
class PlanHashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PlanCodec codec = new PlanCodec(ReasonText.WORDS);

  static Stream<Integer> seeds() {
    return IntStream.range(0, 300).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theHashOfAPlanIsTheHashOfItsParsedDocument(int seed) throws Exception {
    Random r = new Random(seed);
    LiveState live = Scenarios.account(r);
    DesiredState spec = Scenarios.spec(r, live);
    Target target =
        seed % 2 == 0 ? Target.sandboxed() : Target.endpoint("https://api.borgbase.com/graphql");
    Plan plan = new Planner().plan(spec, live).withTarget(target);

    String text = codec.write(plan);
    JsonNode parsed = JSON.readTree(text);

    String byTree = codec.hashOf(parsed);
    assertThat(parsed.path("planHash").asText()).as("the hash written").isEqualTo(byTree);
    assertThat(codec.hash(plan)).as("the hash shown").isEqualTo(byTree);
    assertThat(codec.hash(codec.read(text))).as("the hash of the plan read back").isEqualTo(byTree);
  }

  static Stream<Arguments> chunkCases() {
    return IntStream.range(0, 60)
        .boxed()
        .flatMap(s -> Stream.of(1, 2, 5).map(n -> arguments(s, n)));
  }

  /**
   * The changes' JSON goes into the hash in chunks that either of two threads writes; chunk edges
   * and who wrote a chunk change no byte.
   */
  @ParameterizedTest(name = "seed {0}, {1} per chunk")
  @MethodSource("chunkCases")
  void theHashIsTheSameWhereverChunksBeginAndWhoeverWritesThem(int seed, int perChunk)
      throws Exception {
    Random r = new Random(seed);
    LiveState live = Scenarios.account(r);
    Plan plan =
        new Planner()
            .plan(Scenarios.spec(r, live), live)
            .withTarget(Target.endpoint("https://api.borgbase.com/graphql"));
    String byTree = codec.hashOf(JSON.readTree(codec.write(plan)));
    PlanCodec chunked = new PlanCodec(ReasonText.WORDS).changesPerChunk(perChunk);

    assertThat(chunked.hash(plan)).as("written by the hashing thread").isEqualTo(byTree);
    assertThat(chunked.hashWrittenFromTheEnd(plan)).as("written by the other").isEqualTo(byTree);
    assertThat(chunked.write(plan)).isEqualTo(codec.write(plan));
  }

  @ParameterizedTest(name = "{0} per chunk")
  @ValueSource(ints = {1, 3, 64})
  void aLargePlanHashedByTwoThreadsAtOnceHasItsHash(int perChunk) throws Exception {
    Plan plan =
        new Planner()
            .plan(Accounts.desired(1200), LiveState.empty())
            .withTarget(Target.endpoint("https://api.borgbase.com/graphql"));
    assertThat(plan.changes()).hasSizeGreaterThanOrEqualTo(PlanCodec.HASH_MEANWHILE_FROM);
    String byTree = codec.hashOf(JSON.readTree(codec.write(plan)));
    PlanCodec chunked = new PlanCodec(ReasonText.WORDS).changesPerChunk(perChunk);

    for (int round = 0; round < 5; round++) {
      assertThat(chunked.hashMeanwhile(plan).get()).as("round " + round).isEqualTo(byTree);
    }
  }
}
