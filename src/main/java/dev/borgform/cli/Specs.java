package dev.borgform.cli;

import dev.borgform.model.DesiredState;
import dev.borgform.spec.SpecLoader;

/** Loads the spec named by -f, relative to the working directory. */
final class Specs {
  private Specs() {}

  static DesiredState load(SpecOption spec, Environment env) {
    return new SpecLoader(env.env(), VersionProvider.version())
        .load(env.resolve(spec.file), spec.file);
  }
}
