package dev.borgform.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Builds commands with the {@link Environment} of this run: constructor injection without a DI
 * framework, so every command gets its streams and variables passed in.
 */
final class CommandFactory implements CommandLine.IFactory {
  private final Environment env;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  CommandFactory(Environment env) {
    this.env = env;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    try {
      Constructor<K> c = cls.getDeclaredConstructor(Environment.class);
      c.setAccessible(true);
      return c.newInstance(env);
    } catch (NoSuchMethodException e) {
      return fallback.create(cls);
    }
  }
}
