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
          + "  3  invalid input (profile, inventory, current configuration), reported as file:line:col%n"
          + "  4  drift found, or output not up to date (generate --check)%n";

  private ExitCodes() {}
}
