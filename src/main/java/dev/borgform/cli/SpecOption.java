package dev.borgform.cli;

import picocli.CommandLine.Option;

/** {@code -f SPEC}: the spec file or folder. */
public final class SpecOption {
  static final String DEFAULT = "borgbase.yaml";

  @Option(
      names = {"-f", "--file"},
      paramLabel = "SPEC",
      description = "Spec file, or a folder of *.yaml specs (default: " + DEFAULT + ").")
  String file = DEFAULT;
}
