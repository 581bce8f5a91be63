package dev.borgform.cli;

import dev.borgform.diag.FailureException;
import dev.borgform.diag.UnsafePlanException;
import dev.borgform.diag.UsageException;
import dev.borgform.plan.Plan;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.planfile.PlanFileException;
import dev.borgform.render.ReasonText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Saved plans and exported specs on disk. */
final class PlanFiles {
  /**
   * Far above any real plan (10,000 repos make a few MB); keeps a wrong file from filling memory.
   */
  static final int MAX_PLAN_BYTES = 256 * 1024 * 1024;

  private PlanFiles() {}

  /**
   * Writes through a temporary file and a rename, so an interrupted write never leaves half a plan
   * that a later apply could pick up.
   */
  static void write(Path path, String display, String text) {
    try {
      Path dir = path.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
          Files.move(
              tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new FailureException(
          "Could not write "
              + display
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()),
          "Check that the folder exists and is writable.",
          e);
    }
  }

  static Plan readPlan(Path path, String display) {
    return parsePlan(readPlanText(path, display), display);
  }

  /** The text of a plan file, bounded in size; not yet checked. */
  static String readPlanText(Path path, String display) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_PLAN_BYTES + 1);
    } catch (IOException e) {
      throw new UsageException(
          "Cannot read the plan file " + display + " (" + e.getClass().getSimpleName() + ")",
          "Pass the file written by `borgform plan --out " + display + "`.");
    }
    if (bytes.length > MAX_PLAN_BYTES) {
      throw new UsageException(
          "The plan file " + display + " is larger than " + MAX_PLAN_BYTES + " bytes",
          "Pass the file written by `borgform plan --out`.");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The plan a file's text holds, checked as {@link PlanCodec#read} checks it. */
  static Plan parsePlan(String text, String display) {
    try {
      return new PlanCodec(ReasonText.WORDS).read(text);
    } catch (PlanFileException e) {
      String message = "The plan file " + display + " cannot be applied: " + e.getMessage();
      String hint =
          "Make a new one with `borgform plan -f SPEC --out "
              + display
              + "`, review it, then apply it.";
      // A file that is no plan at all is a wrong argument; a plan that fails its checks is
      // refused like a stale one: nothing is sent either way.
      if (e.kind() == PlanFileException.Kind.NOT_A_PLAN) throw new UsageException(message, hint);
      throw new UnsafePlanException(message + ". Nothing was changed.", hint);
    }
  }
}
