package dev.kubeharden.cli;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.KubehardenFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.ZoneId;
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
    footer = ExitCodes.HELP)
public final class Cli implements Runnable {
  /** What "today" is for exceptions' expiry dates: the system clock, or a test's fixed one. */
  private final Clock clock;

  private Cli(Clock clock) {
    this.clock = clock;
  }

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

  /**
   * The subcommands, in the order --help lists them. They are added by {@link #command} rather than
   * through the annotation, so that a run can build only the one it invokes.
   */
  static final List<String> COMMANDS =
      List.of(
          "generate",
          "targets",
          "profiles",
          "explain",
          "validate",
          "exceptions",
          "diff",
          "migrate",
          "pr",
          "completion",
          "version",
          "help");

  /** Builds the whole command line with its output streams and error handling. */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    return newCommandLine(out, err, Clock.system(ZoneId.systemDefault()), COMMANDS);
  }

  /** The whole command line, with {@code clock} deciding which exceptions have expired. */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Clock clock) {
    return newCommandLine(out, err, clock, COMMANDS);
  }

  /**
   * The command line for one run of {@code args}: when they invoke a subcommand (only {@code
   * --stacktrace} before its name), only that subcommand is built, so a run of {@code generate}
   * neither reads the annotations of nor loads the classes behind {@code diff} and {@code pr}.
   * Anything else (no command, --help, --version, help, completion, a misspelt command, an
   * {@code @file}) gets the whole tree. Either way the run behaves the same.
   */
  public static CommandLine forArgs(PrintWriter out, PrintWriter err, String... args) {
    return forArgs(out, err, Clock.system(ZoneId.systemDefault()), args);
  }

  /** The same, with {@code clock} deciding which exceptions have expired (tests fix it). */
  public static CommandLine forArgs(PrintWriter out, PrintWriter err, Clock clock, String... args) {
    return newCommandLine(out, err, clock, invoked(args));
  }

  static List<String> invoked(String... args) {
    for (String arg : args) {
      if (arg.equals("--stacktrace")) {
        continue;
      }
      boolean alone = COMMANDS.contains(arg) && !arg.equals("help") && !arg.equals("completion");
      return alone ? List.of(arg) : COMMANDS;
    }
    return COMMANDS;
  }

  private static Object command(String name) {
    return switch (name) {
      case "generate" -> new GenerateCommand();
      case "targets" -> new TargetsCommand();
      case "profiles" -> new ProfilesCommand();
      case "explain" -> new ExplainCommand();
      case "validate" -> new ValidateCommand();
      case "exceptions" -> new ExceptionsCommand();
      case "diff" -> new DiffCommand();
      case "migrate" -> new MigrateCommand();
      case "pr" -> new PrCommand();
      case "completion" -> new CompletionCommand();
      case "version" -> new VersionCommand();
      case "help" -> new HelpCommand();
      default -> throw new IllegalArgumentException("no command " + name);
    };
  }

  private static CommandLine newCommandLine(
      PrintWriter out, PrintWriter err, Clock clock, List<String> commands) {
    // The supported minors and the default come from facts/minors.tsv, so they cannot be annotation
    // constants:
    // option help interpolates these properties, and --k8s-version defaults through the provider
    // below.
    System.setProperty(
        "kubeharden.minors", KubeVersion.OLDEST_SUPPORTED + "-" + KubeVersion.NEWEST_SUPPORTED);
    System.setProperty("kubeharden.defaultMinor", KubeVersion.DEFAULT.toString());
    CommandLine cl = new CommandLine(new Cli(clock));
    for (String name : commands) {
      cl.addSubcommand(command(name));
    }
    cl.setDefaultValueProvider(
        arg ->
            arg instanceof CommandLine.Model.OptionSpec o && o.longestName().equals("--k8s-version")
                ? KubeVersion.DEFAULT.toString()
                : null);
    cl.setHelpFactory(HelpLayout.FACTORY);
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
    for (String name : List.of("diff", "migrate")) {
      CommandLine sub = cl.getSubcommands().get(name);
      if (sub != null) {
        sub.setAllowOptionsAsOptionParameters(true);
      }
    }
    return cl;
  }

  /** The clock of the command line {@code spec} belongs to. */
  static Clock clock(CommandLine.Model.CommandSpec spec) {
    return ((Cli) spec.root().userObject()).clock;
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
