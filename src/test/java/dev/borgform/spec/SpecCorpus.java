package dev.borgform.spec;

import dev.borgform.diag.DiagnosticsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Every spec of the test corpus, valid or not, and the examples; and what loading one gives. The
 * tests that hold a quicker way of loading to the plain one ({@code EarlyKeysTest}, {@code
 * EarlyReposTest}, {@code PipedParserTest}) load each both ways and compare.
 */
final class SpecCorpus {
  private SpecCorpus() {}

  static List<Path> files() throws IOException {
    List<Path> all = new ArrayList<>();
    for (String dir : List.of("src/test/resources/spec/valid", "src/test/resources/spec/invalid")) {
      try (Stream<Path> s = Files.list(Path.of(dir))) {
        s.filter(p -> !p.getFileName().toString().endsWith(".txt")).sorted().forEach(all::add);
      }
    }
    try (Stream<Path> s = Files.list(Path.of("examples"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(all::add);
    }
    return all;
  }

  /** The files of one corpus entry: the spec file itself, or a folder spec's files in order. */
  static List<Path> filesOf(Path spec) throws IOException {
    if (!Files.isDirectory(spec)) return List.of(spec);
    try (Stream<Path> s = Files.list(spec)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * The state {@code spec} loads to, or the diagnostics (as text, in their order) it fails with,
   * read by a loader that {@code setUp} configures.
   */
  static Object outcome(Path spec, UnaryOperator<SpecLoader> setUp) {
    try {
      return setUp
          .apply(new SpecLoader(InvalidSpecCorpusTest.SPEC_ENV))
          .load(spec, spec.getFileName().toString());
    } catch (DiagnosticsException e) {
      return e.diagnostics().toString();
    }
  }
}
