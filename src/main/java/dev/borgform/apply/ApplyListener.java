package dev.borgform.apply;

/** Told about each mutation as it completes, so the CLI can print progress while apply runs. */
@FunctionalInterface
public interface ApplyListener {
  ApplyListener NONE = r -> {};

  void stepFinished(StepResult result);

  /** A run of {@code steps} mutations starts (one per step that follows), for a counter. */
  default void started(int steps) {}

  /** A request holding {@code mutations} mutations goes out; its answer is awaited. */
  default void sending(int mutations) {}

  /** The request's answer came, or the request ended without one. */
  default void answered() {}
}
