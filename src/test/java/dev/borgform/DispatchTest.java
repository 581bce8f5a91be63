package dev.borgform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.Mutation;
import dev.borgform.plan.Change;
import dev.borgform.plan.Phase;
import dev.borgform.plan.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dispatch over the sealed {@link Change} and {@link Mutation} types goes through their visitors
 * (or {@link Mutation.Kind} switches), which the compiler checks for every kind: a new kind of
 * change fails to compile until each consumer handles it. This test keeps it that way.
 */
class DispatchTest {

  @Test
  void changeVisitorHasOneMethodPerKindOfChange() {
    assertThat(visited(Change.Visitor.class))
        .containsExactlyInAnyOrderElementsOf(names(Change.class.getPermittedSubclasses()));
  }

  /** The words and the plan file's codes of reasons go through this visitor (no default). */
  @Test
  void reasonVisitorHasOneMethodPerKindOfReason() {
    assertThat(visited(Reason.Visitor.class))
        .containsExactlyInAnyOrderElementsOf(names(Reason.class.getPermittedSubclasses()));
  }

  @Test
  void mutationVisitorAndKindsCoverEveryMutation() {
    List<String> records = names(Mutation.class.getPermittedSubclasses());
    assertThat(visited(Mutation.Visitor.class)).containsExactlyInAnyOrderElementsOf(records);
    assertThat(Mutation.Kind.values()).hasSameSizeAs(records);
  }

  /** The plan file writes these numbers: they must never move when the enum changes. */
  @Test
  void phasesKeepTheirPlanFileNumbers() {
    assertThat(Arrays.stream(Phase.values()).map(p -> p.name() + "=" + p.number()))
        .containsExactly("ADD_KEYS=1", "REPOS=2", "DELETE_KEYS=3", "DELETE_REPOS=4");
  }

  /**
   * No main code tests a change or mutation for its record type: such a chain compiles when a new
   * kind is added and then does the wrong thing (or throws) at run time.
   */
  @Test
  void noInstanceofChainsOverChangesOrMutations() throws IOException {
    Pattern p =
        Pattern.compile(
            "instanceof\\s+(KeyCreate|KeyReplace|KeyDelete|RepoCreate|RepoUpdate|RepoDelete"
                + "|Mutation\\.\\w+)\\b");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/borgform"))) {
      for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
        if (f.toString().contains("/emulator/")) continue; // its own types of the same names
        Matcher m = p.matcher(Files.readString(f));
        while (m.find()) found.add(f + ": " + m.group());
      }
    }
    assertThat(found).isEmpty();
  }

  private static List<String> visited(Class<?> visitor) {
    return Arrays.stream(visitor.getDeclaredMethods())
        .map(m -> m.getParameterTypes()[0].getSimpleName())
        .toList();
  }

  private static List<String> names(Class<?>[] classes) {
    return Arrays.stream(classes).map(Class::getSimpleName).toList();
  }
}
