package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sizes tried against a server that accepts documents the predicate allows. */
class BatchSizesTest {

  /** Sends {@code total} mutations in batches of {@code batch}; returns every size tried. */
  private static List<Integer> run(int total, int batch, IntPredicate accepts, BatchSizes sizes) {
    List<Integer> tried = new ArrayList<>();
    for (int start = 0; start < total; start += batch) {
      int left = Math.min(batch, total - start);
      while (left > 0) {
        int n = sizes.next(left);
        tried.add(n);
        if (accepts.test(n)) {
          sizes.accepted(n);
          left -= n;
        } else {
          assertThat(n).as("a single mutation is never refused for its size here").isGreaterThan(1);
          sizes.refused(n);
        }
      }
    }
    return tried;
  }

  @ParameterizedTest(name = "cap {0}: {1} mutations in batches of {2} take {3} documents")
  @CsvSource({
    // cap, total, batch, documents (refused ones included), the next size it would try
    "1000, 120, 50, 3, 0",
    "10, 120, 50, 18, 10",
    "1, 30, 30, 35, 1",
    "3, 8, 8, 6, 3",
    "49, 100, 50, 6, 43",
  })
  void aCapIsFoundAndKept(int cap, int total, int batch, int documents, int limit) {
    BatchSizes sizes = new BatchSizes();
    List<Integer> tried = run(total, batch, n -> n <= cap, sizes);
    assertThat(tried).hasSize(documents);
    assertThat(sizes.learnedLimit()).isEqualTo(limit);
  }

  @ParameterizedTest(name = "a refusal at {0} after {1} was accepted searches again")
  @CsvSource({"10, 10", "10, 12", "4, 9"})
  void aRefusalAtOrBelowAnAcceptedSizeForgetsIt(int refusedAt, int acceptedBefore) {
    BatchSizes sizes = new BatchSizes();
    sizes.refused(acceptedBefore + 5);
    sizes.accepted(acceptedBefore);
    sizes.refused(refusedAt);
    // Larger documents were accepted, but not this one: the probe starts again from one mutation.
    assertThat(sizes.next(50)).isEqualTo(refusedAt <= acceptedBefore ? 1 : acceptedBefore);
  }
}
