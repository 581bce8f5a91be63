package dev.borgform.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Global options written before the command ({@code borgform --sandbox plan}, as {@code terraform
 * -chdir=DIR plan}): the root command parses them, and before the command runs they are handed to
 * the command's own option of the same name. Written after the command too, the command's own value
 * wins: it is the one nearer the command, as for git's and Terraform's repeated options. An option
 * the command does not have (such as {@code --endpoint} before the offline {@code validate}) is a
 * usage error naming the command, rather than silently ignored.
 */
final class GlobalOptionsFirst implements CommandLine.IExecutionStrategy {
  private final CommandLine.IExecutionStrategy next = new CommandLine.RunLast();

  @Override
  public int execute(ParseResult root) {
    ParseResult command = root.subcommand();
    if (command != null && !root.matchedOptions().isEmpty()) hand(root, command);
    return next.execute(root);
  }

  private static void hand(ParseResult root, ParseResult command) {
    // `borgform --debug help plan` asks for help: nothing to hand over.
    if (command.commandSpec().userObject() instanceof CommandLine.HelpCommand) return;
    List<String> refused = new ArrayList<>();
    for (OptionSpec given : root.matchedOptions()) {
      if (given.usageHelp() || given.versionHelp()) continue;
      OptionSpec own = command.commandSpec().findOption(given.longestName());
      if (own == null) {
        refused.add(given.longestName());
      } else if (!command.hasMatchedOption(own)) {
        own.setValue(given.getValue());
      }
    }
    if (!refused.isEmpty()) {
      String name = command.commandSpec().qualifiedName();
      throw new ParameterException(
          command.commandSpec().commandLine(),
          String.join(", ", refused)
              + (refused.size() == 1 ? " does" : " do")
              + " not apply to '"
              + name
              + "'; leave "
              + (refused.size() == 1 ? "it" : "them")
              + " out");
    }
  }
}
