package dev.borgform.bench;

import java.util.List;
import java.util.Map;

/**
 * The JVM options borgform's launchers ({@code ./borgform} and the release's {@code bin/borgform})
 * give a command, so the bench measures commands as they run when installed. {@code
 * LauncherOptionsTest} runs both launchers with a stand-in {@code java} and fails when they and
 * this list part ways.
 */
final class Launcher {
  private Launcher() {}

  /**
   * Every command but the emulator: the quick compiler alone, no performance-data file, and the
   * serial collector promoting what survives a young collection at once.
   */
  static final List<String> COMMAND_OPTIONS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:-UsePerfData",
          "-XX:+UseSerialGC",
          "-XX:MaxTenuringThreshold=0");

  /** The collector's part of {@link #COMMAND_OPTIONS}: left out when the environment picks one. */
  private static final List<String> SERIAL =
      List.of("-XX:+UseSerialGC", "-XX:MaxTenuringThreshold=0");

  /**
   * The options the launchers add for {@code command} (its first argument) under {@code env}: no
   * serial collector when {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS} choose one, since
   * the JVM refuses to start with two.
   */
  static List<String> jvmOptions(String command, Map<String, String> env) {
    if (command.equals("emulator")) return List.of();
    String chosen =
        env.getOrDefault("JAVA_TOOL_OPTIONS", "") + " " + env.getOrDefault("JDK_JAVA_OPTIONS", "");
    if (chosen.matches("(?s).*-XX:\\+Use\\S*GC.*")) {
      return COMMAND_OPTIONS.stream().filter(o -> !SERIAL.contains(o)).toList();
    }
    return COMMAND_OPTIONS;
  }
}
