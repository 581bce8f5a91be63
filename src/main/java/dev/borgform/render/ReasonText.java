package dev.borgform.render;

import dev.borgform.plan.Reason;
import dev.borgform.planfile.ReasonWords;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of every {@link Reason}: the one place a reason becomes text, for the text and Markdown
 * plans and the plan document's {@code reason}. The words are those the planner wrote before
 * reasons were data, unchanged, so plans read and hash as they did.
 *
 * <p>It also reads those words back ({@link #fromText}), for plan files written before the document
 * carried a {@code reasonCode}: a text is taken as a kind only when that kind's words give exactly
 * the same text, so reading never changes what a file shows, nor its plan hash.
 */
public final class ReasonText implements ReasonWords {
  /** The words, as a port for {@code planfile.PlanCodec}. */
  public static final ReasonText WORDS = new ReasonText();

  private static final String SUFFIX_KEY_CHANGED = "; public key changed";
  private static final String SUFFIX_DETACHES = "; first lets go of keys this plan deletes";
  private static final String PRUNED = "not in the spec and policy.pruneRepos is true";
  private static final Pattern RENAMED = Pattern.compile("renamed from (\".*\")", Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("\"(.*?)\"(?:, |\\z)", Pattern.DOTALL);
  private static final Pattern DUPLICATE =
      Pattern.compile(
          "a second live key named \"(.*)\" \\(id (.*)\\), left by an interrupted replace or a"
              + " concurrent apply; repos move to id (.*)",
          Pattern.DOTALL);

  private ReasonText() {}

  /** The words for {@code reason}; empty for {@link Reason#NONE}. */
  public static String of(Reason reason) {
    // A switch over the kinds through the visitor: a new kind does not compile until it has words.
    return reason.accept(
        new Reason.Visitor<String>() {
          @Override
          public String none(Reason.None r) {
            return "";
          }

          @Override
          public String keyMaterialChanged(Reason.KeyMaterialChanged r) {
            return "public key changed";
          }

          @Override
          public String keyRenamed(Reason.KeyRenamed r) {
            return "renamed from "
                + String.join(", ", r.from().stream().map(n -> "\"" + n + "\"").toList())
                + (r.materialChanged() ? SUFFIX_KEY_CHANGED : "");
          }

          @Override
          public String duplicateKey(Reason.DuplicateKey r) {
            return "a second live key named \""
                + r.name()
                + "\" (id "
                + r.id()
                + "), left by an interrupted replace or a concurrent apply; repos move to id "
                + r.keptId();
          }

          @Override
          public String keyNotInSpec(Reason.KeyNotInSpec r) {
            return "not in the spec";
          }

          @Override
          public String keyListsMove(Reason.KeyListsMove r) {
            return "move key lists off keys that this plan replaces or deletes";
          }

          @Override
          public String unmanagedRepoUsesKeys(Reason.UnmanagedRepoUsesKeys r) {
            return "not in the spec, but uses keys that this plan replaces or deletes";
          }

          @Override
          public String repoPruned(Reason.RepoPruned r) {
            return PRUNED + (r.detaches() ? SUFFIX_DETACHES : "");
          }

          @Override
          public String legacyText(Reason.LegacyText r) {
            return r.text();
          }
        });
  }

  /**
   * The reason {@code text} stands for, as {@link ReasonWords#fromText} says. Names in a text may
   * hold quotes and commas, so a text is split the first way that fits and then checked by writing
   * it again; a text that still reads two ways (a name holding {@code ", "}) reads the first way,
   * which shows the same words and so hashes the same.
   */
  public static Reason parse(String text) {
    Reason r = guess(text);
    return of(r).equals(text) ? r : new Reason.LegacyText(text);
  }

  private static Reason guess(String text) {
    switch (text) {
      case "":
        return Reason.NONE;
      case "public key changed":
        return new Reason.KeyMaterialChanged();
      case "not in the spec":
        return new Reason.KeyNotInSpec();
      case "move key lists off keys that this plan replaces or deletes":
        return new Reason.KeyListsMove();
      case "not in the spec, but uses keys that this plan replaces or deletes":
        return new Reason.UnmanagedRepoUsesKeys();
      case PRUNED:
        return new Reason.RepoPruned(false);
      case PRUNED + SUFFIX_DETACHES:
        return new Reason.RepoPruned(true);
      default:
        break;
    }
    Matcher d = DUPLICATE.matcher(text);
    if (d.matches()) return new Reason.DuplicateKey(d.group(1), d.group(2), d.group(3));
    boolean changed = text.endsWith(SUFFIX_KEY_CHANGED);
    String names = changed ? text.substring(0, text.length() - SUFFIX_KEY_CHANGED.length()) : text;
    Matcher m = RENAMED.matcher(names);
    if (m.matches()) {
      List<String> from = new ArrayList<>();
      Matcher q = QUOTED.matcher(m.group(1));
      int end = 0;
      while (q.find() && q.start() == end) {
        from.add(q.group(1));
        end = q.end();
      }
      if (end == m.group(1).length() && !from.isEmpty()) {
        return new Reason.KeyRenamed(from, changed);
      }
    }
    return new Reason.LegacyText(text);
  }

  @Override
  public String text(Reason reason) {
    return of(reason);
  }

  @Override
  public Reason fromText(String text) {
    return parse(text);
  }
}
