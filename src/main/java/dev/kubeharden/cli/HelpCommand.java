package dev.kubeharden.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kubeharden help [COMMAND...]}: the help of a command at any depth ({@code help profiles
 * show}); picocli's own HelpCommand only looks one level down.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the help of a command, nested ones included (help profiles show).")
final class HelpCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command, and its subcommands, to show the help of.")
  List<String> commands = new ArrayList<>();

  @Override
  public void run() {
    CommandLine target = spec.commandLine().getParent();
    for (String name : commands) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        List<String> known = new ArrayList<>(target.getSubcommands().keySet());
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown command '"
                + name
                + "' under '"
                + target.getCommandSpec().qualifiedName()
                + "'"
                + dev.kubeharden.model.Suggestions.hint(name, known)
                + (known.isEmpty() ? "" : " (commands: " + String.join(", ", known) + ")"));
      }
      target = sub;
    }
    target.usage(spec.commandLine().getOut(), spec.commandLine().getColorScheme());
    spec.commandLine().getOut().flush();
  }
}
