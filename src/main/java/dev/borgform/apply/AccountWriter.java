package dev.borgform.apply;

import java.util.List;

/**
 * Port through which the executor changes the account. An implementation may send the batch in one
 * request or several; it returns one result per mutation, in order, and reports failures as results
 * rather than exceptions so the executor can tell what was applied.
 */
public interface AccountWriter {
  List<MutationResult> submit(List<Mutation> batch);
}
