package dev.kubeharden.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kubeharden completion bash|zsh|fish}: a shell completion script (picocli's AutoComplete
 * for bash, which zsh loads through bashcompinit; {@link FishCompletion} for fish).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script.",
      "bash: source <(kubeharden completion bash)   zsh: autoload -U +X bashcompinit && bashcompinit;"
          + " source <(kubeharden completion zsh)   fish: kubeharden completion fish | source"
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SHELL",
      completionCandidates = Shells.class,
      description = "bash, zsh or fish.")
  String shell;

  @Override
  public Integer call() {
    CommandLine root = spec.commandLine().getParent();
    String script =
        switch (shell) {
          case "bash", "zsh" -> AutoComplete.bash("kubeharden", root);
          case "fish" -> FishCompletion.script("kubeharden", root);
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "unsupported shell " + shell + " (bash, zsh or fish)");
        };
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** The shells a script is printed for (completed by the scripts themselves). */
  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("bash", "zsh", "fish").iterator();
    }
  }
}
