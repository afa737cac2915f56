package dev.kubeharden.model;

/** The documented exit codes of the command line. */
public enum ExitCode {
  OK(0),
  /** I/O, git, network. */
  RUNTIME_FAILURE(1),
  USAGE(2),
  /** A profile, inventory or current configuration with problems. */
  INVALID_INPUT(3),
  /** Drift found, or output not up to date ({@code generate --check}). */
  DRIFT(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
