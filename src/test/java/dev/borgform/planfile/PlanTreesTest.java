package dev.borgform.planfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.model.SshPublicKey;
import dev.borgform.plan.KeyRef;
import dev.borgform.planfile.Docs.KeyRefDoc;
import dev.borgform.planfile.Docs.NewKeyDoc;
import dev.borgform.render.ReasonText;
import dev.borgform.testing.TestKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trees the plan codec makes directly for small values are the ones Jackson's valueToTree makes
 * of the same values: same node types, same properties in the same order, nulls alike. Plan files
 * and the plan hash are written from them.
 */
class PlanTreesTest {
  private final ObjectMapper jackson = new ObjectMapper();
  private final PlanCodec codec = new PlanCodec(ReasonText.WORDS);

  static Stream<Object> plainValues() {
    List<Object> values =
        new ArrayList<>(
            Arrays.asList(
                "",
                "eu",
                "naïve ☃ \u0000 \"quoted\"",
                true,
                false,
                0,
                -1,
                Integer.MAX_VALUE,
                Integer.MIN_VALUE,
                0L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                // Not made directly: Jackson's own tree.
                1.5,
                List.of("a", "b"),
                List.of()));
    values.add(null);
    return values.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("plainValues")
  void plainValuesAreTheTreesJacksonMakes(Object value) {
    assertThat(codec.tree(value))
        .isEqualTo(jackson.valueToTree(value))
        .hasSameClassAs(jackson.valueToTree(value));
    assertThat(codec.tree(value).toString()).isEqualTo(jackson.valueToTree(value).toString());
  }

  @Test
  void keyReferencesAreTheTreesJacksonMakes() {
    List<List<KeyRef>> lists =
        List.of(
            List.of(),
            List.of(new KeyRef("laptop", "12")),
            List.of(KeyRef.pending("new")),
            List.of(new KeyRef("a", "1"), KeyRef.pending("b"), new KeyRef("c \"d\"", "3")));
    for (List<KeyRef> refs : lists) {
      List<KeyRefDoc> docs = refs.stream().map(r -> new KeyRefDoc(r.name(), r.id())).toList();
      assertThat(PlanCodec.refsTree(refs).toString())
          .isEqualTo(jackson.valueToTree(docs).toString());
      assertThat(PlanCodec.refsTree(refs)).isEqualTo(jackson.valueToTree(docs));
    }
    assertThat(PlanCodec.refsTree(null)).isEqualTo(jackson.valueToTree(null));
  }

  @Test
  void newKeysAreTheTreesJacksonMakes() throws Exception {
    for (String line : List.of(TestKeys.ED1, TestKeys.ED1 + " with a comment")) {
      SshPublicKey k = SshPublicKey.parse(line);
      NewKeyDoc doc = new NewKeyDoc("laptop", k.toLine(), k.type(), "SHA256:x");
      assertThat(PlanCodec.newKeyTree(doc).toString())
          .isEqualTo(jackson.valueToTree(doc).toString());
      assertThat(PlanCodec.newKeyTree(doc)).isEqualTo(jackson.valueToTree(doc));
    }
  }
}
