package dev.kubeharden.cli;

/** The documented exit codes. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int RUNTIME_FAILURE = 1;
  public static final int USAGE = 2;
  public static final int INVALID_INPUT = 3;
  public static final int DRIFT = 4;

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
