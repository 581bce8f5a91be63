package dev.borgform.cli;

import dev.borgform.model.DesiredState;
import dev.borgform.spec.SpecLoader;

/** Loads the spec named by -f, relative to the working directory. */
final class Specs {
  private Specs() {}

  /**
   * For commands without account options (validate): the only token known is the one in {@code
   * BORGBASE_TOKEN}, which no {@code ${BORGFORM_*}} variable may hold.
   */
  static DesiredState load(SpecOption spec, Environment env) {
    return new SpecLoader(env.env(), env.secrets().values(), VersionProvider.version())
        .load(env.resolve(spec.file), spec.file);
  }

  /**
   * For commands that talk to the account: the token of {@code --token-file} is read (and checked)
   * first, so that no {@code ${BORGFORM_*}} variable can copy it into the spec either. The sandbox
   * uses no token, so there is none to read then. The secrets the spec is checked against are fixed
   * here, before {@link Prepared#load}: what the session adds while the spec is read ({@link
   * EarlyRead}) is not among them, as it was not when the session was opened after the spec.
   */
  static Prepared prepare(SpecOption spec, GlobalOptions global, Environment env) {
    if (global.tokenFile != null && global.sandbox == null) {
      Session.readTokenFile(global.tokenFile, env);
    }
    SpecLoader loader =
        new SpecLoader(env.env(), env.secrets().values(), VersionProvider.version());
    return () -> loader.load(env.resolve(spec.file), spec.file);
  }

  /** A spec ready to be read ({@link #prepare}). */
  interface Prepared {
    DesiredState load();
  }
}
