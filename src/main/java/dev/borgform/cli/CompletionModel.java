package dev.borgform.cli;

import java.io.File;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command model the completion scripts are made from: borgform's own, with the arguments that
 * name files typed as files. picocli's generators complete file names for {@code File} and {@code
 * Path} arguments only, while the commands keep these as text (they resolve them against the {@link
 * Environment}'s working directory and name them in messages as typed). The copy is only read by
 * the generators; it never parses a command line.
 */
final class CompletionModel {
  /**
   * Options whose value is a file name, in every command that has them. Not {@code --sandbox}: its
   * file comes only after an {@code =} (a word after a space is the next argument), which {@link
   * #BASH_EQUALS} completes.
   */
  static final Set<String> FILE_OPTIONS = Set.of("--file", "--out", "--token-file");

  /**
   * bash splits {@code --sandbox=FILE} at the {@code =} (it is in {@code COMP_WORDBREAKS}), which
   * picocli's script does not expect: this wrapper completes a file name after {@code OPTION=} for
   * the file options and leaves every other word to picocli's function.
   */
  static final String BASH_EQUALS =
      """

      # borgform: a file name after --sandbox=, --file=, --out= or --token-file= (bash splits
      # the word at the '=').
      function _complete_borgform_files_after_equals() {
        local cur=${COMP_WORDS[COMP_CWORD]}
        local prev=${COMP_WORDS[COMP_CWORD-1]}
        local option=$prev value=$cur
        if [[ $prev == "=" ]]; then
          option=${COMP_WORDS[COMP_CWORD-2]}
        elif [[ $cur == "=" ]]; then
          value=""
        else
          option=""
        fi
        case $option in
          --sandbox|--file|--out|--token-file|-out)
            type compopt &>/dev/null && compopt -o filenames
            local IFS=$'\\n'
            COMPREPLY=( $( compgen -f -- "$value" ) )
            return 0
            ;;
        esac
        _complete_borgform "$@"
      }
      complete -F _complete_borgform_files_after_equals -o default borgform
      """;

  /** Options whose optional value is a file name, given after an {@code =}. */
  static final Set<String> OPTIONAL_FILE_OPTIONS = Set.of("--sandbox");

  /** Positional parameters that are files: apply's PLAN.json. */
  static final Set<String> FILE_PARAMETERS = Set.of("PLAN.json");

  private CompletionModel() {}

  static CommandLine of(Environment env) {
    CommandLine root = Cli.commandLine(env);
    retype(root.getCommandSpec());
    for (CommandLine sub : root.getSubcommands().values()) retype(sub.getCommandSpec());
    return root;
  }

  /** A single file-name value (the arguments retyped are all single values). */
  private static final class FileType implements CommandLine.Model.ITypeInfo {
    @Override
    public boolean isBoolean() {
      return false;
    }

    @Override
    public boolean isMultiValue() {
      return false;
    }

    @Override
    public boolean isOptional() {
      return false;
    }

    @Override
    public boolean isArray() {
      return false;
    }

    @Override
    public boolean isCollection() {
      return false;
    }

    @Override
    public boolean isMap() {
      return false;
    }

    @Override
    public boolean isEnum() {
      return false;
    }

    @Override
    public List<String> getEnumConstantNames() {
      return List.of();
    }

    @Override
    public String getClassName() {
      return File.class.getName();
    }

    @Override
    public String getClassSimpleName() {
      return File.class.getSimpleName();
    }

    @Override
    public List<CommandLine.Model.ITypeInfo> getAuxiliaryTypeInfos() {
      return List.of(this);
    }

    @Override
    public List<String> getActualGenericTypeArguments() {
      return List.of();
    }

    @Override
    public Class<?> getType() {
      return File.class;
    }

    @Override
    public Class<?>[] getAuxiliaryTypes() {
      return new Class<?>[] {File.class};
    }
  }

  private static void retype(CommandSpec spec) {
    for (OptionSpec o : List.copyOf(spec.options())) {
      if (FILE_OPTIONS.contains(o.longestName())) {
        spec.remove(o);
        spec.addOption(OptionSpec.builder(o).typeInfo(new FileType()).build());
      }
    }
    for (PositionalParamSpec p : List.copyOf(spec.positionalParameters())) {
      if (FILE_PARAMETERS.contains(p.paramLabel())) {
        spec.remove(p);
        spec.addPositional(PositionalParamSpec.builder(p).typeInfo(new FileType()).build());
      }
    }
  }
}
