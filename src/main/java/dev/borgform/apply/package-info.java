/**
 * Carrying out a plan: the {@code Executor} turns a plan's changes into {@code Mutation}s phase by
 * phase, resolving the ids of keys created earlier in the same run, and hands them in batches to
 * the {@code AccountWriter} port. Results ({@code MutationResult}, {@code StepResult}, {@code
 * ApplyReport}) say what happened to each, with a {@code FailureKind} the API client classified.
 * Nothing here knows the wire format or does I/O of its own.
 */
package dev.borgform.apply;
