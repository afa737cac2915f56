package dev.kubeharden.cli;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.KubehardenFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The kubeharden command line: one factory for main and tests. */
@Command(
    name = "kubeharden",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Generates hardened Kubernetes node configuration from hardening profiles.",
    subcommands = {
      GenerateCommand.class,
      TargetsCommand.class,
      ProfilesCommand.class,
      ExplainCommand.class,
      ValidateCommand.class,
      DiffCommand.class,
      MigrateCommand.class,
      PrCommand.class,
      CompletionCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = ExitCodes.HELP)
public final class Cli implements Runnable {

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of failures (for debugging).")
  boolean stacktrace;

  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command; see 'kubeharden --help'");
  }

  /** Builds the command line with its output streams and error handling. */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    // The supported minors and the default come from facts/minors.tsv, so they cannot be annotation
    // constants:
    // option help interpolates these properties, and --k8s-version defaults through the provider
    // below.
    System.setProperty(
        "kubeharden.minors", KubeVersion.OLDEST_SUPPORTED + "-" + KubeVersion.NEWEST_SUPPORTED);
    System.setProperty("kubeharden.defaultMinor", KubeVersion.DEFAULT.toString());
    CommandLine cl = new CommandLine(new Cli());
    cl.setDefaultValueProvider(
        arg ->
            arg instanceof CommandLine.Model.OptionSpec o && o.longestName().equals("--k8s-version")
                ? KubeVersion.DEFAULT.toString()
                : null);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(Cli::handle);
    cl.setParameterExceptionHandler(Cli::usage);
    cl.setExitCodeExceptionMapper(t -> ExitCodes.RUNTIME_FAILURE);
    cl.getCommandSpec().usageMessage().footer(String.format(ExitCodes.HELP));
    for (CommandLine sub : cl.getSubcommands().values()) {
      applyFooter(sub);
    }
    // diff --kubelet-args takes a kubelet command line, whose flags may share a name with diff's
    // own
    // (--config-dir): the value is the kubelet's, not another option.
    cl.getSubcommands().get("diff").setAllowOptionsAsOptionParameters(true);
    cl.getSubcommands().get("migrate").setAllowOptionsAsOptionParameters(true);
    return cl;
  }

  private static void applyFooter(CommandLine cl) {
    String top =
        cl.getParent() == null || cl.getParent().getParent() == null
            ? cl.getCommandName()
            : cl.getParent().getCommandName();
    cl.getCommandSpec().usageMessage().footer(String.format(ExitCodes.helpFor(top)));
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
    for (CommandLine sub : cl.getSubcommands().values()) {
      applyFooter(sub);
    }
  }

  private static int usage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("kubeharden: " + e.getMessage());
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      // "Did you mean": picocli's own suggestions for misspelt subcommands and options
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        err.println(
            "Did you mean: "
                + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                + "?");
      }
    }
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean trace =
        parsed.hasMatchedOption("--stacktrace")
            || (parsed.subcommand() != null && hasStacktrace(parsed));
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    int code;
    if (cause instanceof KubehardenFailure f) {
      String untouched =
          switch (cl.getCommandName()) {
            case "generate", "migrate" -> "nothing was written";
            case "pr" -> "nothing was committed or pushed";
            default -> null;
          };
      f.diagnostics(untouched).forEach(err::println);
      code = f.exitCode().code();
    } else if (cause instanceof IOException) {
      err.println("kubeharden: " + describe(cause));
      code = ExitCodes.RUNTIME_FAILURE;
    } else {
      err.println("kubeharden: internal error: " + e + " (rerun with --stacktrace and report it)");
      code = ExitCodes.RUNTIME_FAILURE;
    }
    if (trace) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static boolean hasStacktrace(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }

  static String describe(Throwable e) {
    if (e instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** Reads the version from the build. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kubeharden " + dev.kubeharden.model.BuildInfo.version()};
    }
  }
}
