package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableTest {
  private final Table<String, String> t = new Table<>();

  @BeforeEach
  void threeObjects() {
    t.put("a", "A");
    t.put("b", "B");
    t.put("c", "C");
  }

  @Test
  void aMutationSeesItsOwnChangesAndACommitKeepsCreationOrder() {
    t.begin();
    assertThat(t.put("b", "B2")).isEqualTo("B");
    assertThat(t.remove("a")).isEqualTo("A");
    assertThat(t.put("d", "D")).isNull();
    assertThat(t.get("a")).isNull();
    assertThat(t.get("b")).isEqualTo("B2");
    assertThat(t.containsKey("d")).isTrue();
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.values()).containsExactly("B2", "C", "D");
    assertThat(t.changes())
        .containsExactly(
            java.util.Map.entry("b", Optional.of("B2")),
            java.util.Map.entry("a", Optional.empty()),
            java.util.Map.entry("d", Optional.of("D")));
    t.commit();
    assertThat(t.values()).containsExactly("B2", "C", "D");
    assertThat(t.changes()).isEmpty();
  }

  @Test
  void aRollbackLeavesTheTableExactlyAsItWasOrderIncluded() {
    t.begin();
    t.remove("a");
    t.put("a", "A2"); // removed and made again in one mutation
    t.remove("b");
    t.put("e", "E");
    t.rollback();
    assertThat(t.values()).containsExactly("A", "B", "C");
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.get("e")).isNull();
  }

  @Test
  void removingWhatIsNotThereChangesNothing() {
    t.begin();
    assertThat(t.remove("zz")).isNull();
    assertThat(t.changes()).isEmpty();
    assertThat(t.size()).isEqualTo(3);
    t.commit();
    assertThat(t.values()).containsExactly("A", "B", "C");
  }

  @Test
  void oneMutationAtATimeAndNoNulls() {
    t.begin();
    assertThatThrownBy(t::begin).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.put("x", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAccountRollbackRestoresItsCounters() {
    Account a = new Account(42);
    long rng = a.random.state();
    a.begin();
    a.nextKeyId++;
    a.random.nextLong();
    assertThat(a.changed()).isTrue();
    a.rollback();
    assertThat(a.nextKeyId).isEqualTo(Account.FIRST_KEY_ID);
    assertThat(a.random.state()).isEqualTo(rng);
    a.begin();
    assertThat(a.changed()).isFalse();
    a.commit();
  }
}
