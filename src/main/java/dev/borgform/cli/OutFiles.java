package dev.borgform.cli;

import dev.borgform.diag.FailureException;
import dev.borgform.diag.Printable;
import dev.borgform.diag.UsageException;
import dev.borgform.planfile.PlanDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks on the files a command is about to write ({@code plan --out}, {@code export --out}), made
 * before anything is read from the account: a mistyped {@code --out} must not destroy a file, and
 * no file may store the token.
 */
final class OutFiles {
  private OutFiles() {}

  /**
   * {@code plan --out} replaces only an earlier saved plan. It never overwrites the spec it read (a
   * file, or a file of the spec folder), nor any file that is not a borgform plan, as {@code export
   * --out} never overwrites anything; a new file is fine.
   */
  static void checkPlanTarget(Path target, String display, Path spec) {
    String shown = Printable.of(display);
    if (isSpec(target, spec)) {
      throw new UsageException(
          "--out " + shown + " is the spec that plan reads; it was not overwritten",
          "Save the plan under another name, e.g. --out plan.json.");
    }
    if (!Files.exists(target)) return;
    if (!Files.isRegularFile(target)) {
      throw new UsageException(
          "--out "
              + shown
              + " is "
              + (Files.isDirectory(target) ? "a folder" : "not a regular file")
              + ", not a plan file",
          "Give --out the name of the file to save the plan in, e.g. --out plan.json.");
    }
    if (!isSavedPlan(target)) {
      throw new UsageException(
          shown
              + " already exists and is not a borgform plan; plan --out only replaces a plan it"
              + " saved before",
          "Choose another --out, or move the file away first.");
    }
  }

  /**
   * Refuses to write {@code text} when it holds one of the run's secrets in any form: only a name
   * or comment in the account can bring the token there (the spec cannot), and a file would keep it
   * where the output scrubber cannot reach.
   */
  static void refuseSecrets(String text, String display, Secrets secrets) {
    if (secrets.appearIn(text)) {
      throw new FailureException(
          Printable.of(display)
              + " was not written: it would hold the API token, which a name or comment in the"
              + " account contains",
          "Rename that key or repo in the BorgBase web UI (the plan printed above shows which,"
              + " with the token replaced by [REDACTED]), then create a new token: this one has"
              + " been in the account's data.",
          null);
    }
  }

  private static boolean isSpec(Path target, Path spec) {
    try {
      if (!Files.exists(target) || !Files.exists(spec)) return false;
      if (Files.isSameFile(target, spec)) return true;
      if (!Files.isDirectory(spec)) return false;
      try (Stream<Path> members = Files.list(spec)) {
        for (Path m : (Iterable<Path>) members::iterator) {
          if (Files.isSameFile(target, m)) return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isSavedPlan(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return PlanDocuments.isPlanDocument(in);
    } catch (IOException e) {
      return false;
    }
  }
}
