package dev.borgform.apply;

/** Told about each mutation as it completes, so the CLI can print progress while apply runs. */
@FunctionalInterface
public interface ApplyListener {
  ApplyListener NONE = r -> {};

  void stepFinished(StepResult result);
}
