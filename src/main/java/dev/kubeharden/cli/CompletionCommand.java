package dev.kubeharden.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kubeharden completion bash|zsh}: a shell completion script (picocli's AutoComplete; zsh
 * loads it through bashcompinit).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script.",
      "bash: source <(kubeharden completion bash)   zsh: autoload -U +X bashcompinit && bashcompinit;"
          + " source <(kubeharden completion zsh)"
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "unsupported shell " + shell + " (bash or zsh)");
    }
    spec.commandLine()
        .getOut()
        .print(AutoComplete.bash("kubeharden", spec.commandLine().getParent()));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
