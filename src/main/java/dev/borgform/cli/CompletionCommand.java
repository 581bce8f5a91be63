package dev.borgform.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print a shell completion script for borgform's commands and options.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(borgform completion bash)                  # this bash session",
      "  borgform completion bash > ~/.local/share/bash-completion/completions/borgform",
      "  echo 'source <(borgform completion zsh)' >> ~/.zshrc",
      "  borgform completion fish > ~/.config/fish/completions/borgform.fish"
    })
final class CompletionCommand implements Callable<Integer> {
  private final Environment env;

  @Parameters(
      paramLabel = "SHELL",
      description = "bash, zsh or fish.",
      completionCandidates = Shells.class)
  Shell shell;

  enum Shell {
    bash,
    zsh,
    fish
  }

  /** For the completion of this very argument. */
  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("bash", "zsh", "fish").iterator();
    }
  }

  CompletionCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    CommandLine root = CompletionModel.of(env);
    // picocli's script serves both bash and zsh: under zsh it loads zsh's bash compatibility
    // layer (bashcompinit) itself, so the two outputs are the same script. fish has a completion
    // language of its own, made here from the same command model.
    env.out()
        .print(
            shell == Shell.fish
                ? FishCompletion.script(root)
                : AutoComplete.bash(root.getCommandName(), root) + CompletionModel.BASH_EQUALS);
    env.out().flush();
    return 0;
  }
}
