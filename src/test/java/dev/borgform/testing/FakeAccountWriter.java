package dev.borgform.testing;

import dev.borgform.apply.AccountWriter;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records every batch it is given and answers each mutation through {@code answer} (by default:
 * applied, with increasing ids for adds). A hand-written fake, as terraform's provider_mock.
 */
public final class FakeAccountWriter implements AccountWriter {
  public final List<List<Mutation>> batches = new ArrayList<>();
  private int nextId = 500;
  private Function<Mutation, MutationResult> answer = this::applied;

  public FakeAccountWriter answering(Function<Mutation, MutationResult> answer) {
    this.answer = answer;
    return this;
  }

  public MutationResult applied(Mutation m) {
    boolean adds = m.kind().adds();
    return MutationResult.applied(adds ? String.valueOf(nextId++) : null);
  }

  @Override
  public List<MutationResult> submit(List<Mutation> batch) {
    batches.add(List.copyOf(batch));
    List<MutationResult> out = new ArrayList<>();
    for (Mutation m : batch) out.add(answer.apply(m));
    return out;
  }

  public List<Mutation> all() {
    return batches.stream().flatMap(List::stream).toList();
  }
}
