package dev.borgform.bench;

import java.util.List;

/**
 * The JVM options borgform's launchers ({@code ./borgform} and the release's {@code bin/borgform})
 * give a command, so the bench measures commands as they run when installed. {@code
 * LauncherOptionsTest} runs both launchers with a stand-in {@code java} and fails when they and
 * this list part ways.
 */
final class Launcher {
  private Launcher() {}

  /** Every command but the emulator: the quick compiler alone and the serial collector. */
  static final List<String> COMMAND_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** The options the launchers add for {@code command} (its first argument). */
  static List<String> jvmOptions(String command) {
    return command.equals("emulator") ? List.of() : COMMAND_OPTIONS;
  }
}
