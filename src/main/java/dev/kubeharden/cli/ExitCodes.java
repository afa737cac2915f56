package dev.kubeharden.cli;

import dev.kubeharden.model.ExitCode;

/** The documented exit codes as picocli's ints (see {@link ExitCode}), and their help footer. */
public final class ExitCodes {
  public static final int OK = ExitCode.OK.code();
  public static final int RUNTIME_FAILURE = ExitCode.RUNTIME_FAILURE.code();
  public static final int USAGE = ExitCode.USAGE.code();
  public static final int INVALID_INPUT = ExitCode.INVALID_INPUT.code();
  public static final int DRIFT = ExitCode.DRIFT.code();

  /** The footer every command's --help shows. */
  public static final String HELP =
      "%nExit codes:%n"
          + "  0  ok%n"
          + "  1  runtime failure (I/O, git, network)%n"
          + "  2  usage error%n"
          + "  3  invalid input (profile, inventory, configuration), as file:line:col%n"
          + "  4  drift found, or output not up to date (generate --check)%n";

  /**
   * The codes each subcommand can return (the root's help lists them all): every command can fail
   * at run time (1) and on usage (2); input errors (3) and drift (4) only where they exist.
   */
  private static final java.util.Map<String, String> BY_COMMAND =
      java.util.Map.ofEntries(
          java.util.Map.entry("generate", "01234"),
          java.util.Map.entry("targets", "012"),
          java.util.Map.entry("profiles", "0123"),
          java.util.Map.entry("explain", "012"),
          java.util.Map.entry("validate", "0123"),
          java.util.Map.entry("exceptions", "0123"),
          java.util.Map.entry("diff", "01234"),
          java.util.Map.entry("migrate", "0123"),
          java.util.Map.entry("pr", "0123"),
          java.util.Map.entry("completion", "012"),
          java.util.Map.entry("version", "012"),
          java.util.Map.entry("help", "012"));

  /** The footer of one subcommand's --help: only the codes it can return. */
  static String helpFor(String command) {
    String codes = BY_COMMAND.getOrDefault(command, "01234");
    StringBuilder sb = new StringBuilder("%nExit codes:%n");
    for (String line : HELP.split("%n", -1)) {
      if (line.length() > 2
          && Character.isDigit(line.charAt(2))
          && codes.indexOf(line.charAt(2)) >= 0) {
        sb.append(line).append("%n");
      }
    }
    return sb.toString();
  }

  private ExitCodes() {}
}
