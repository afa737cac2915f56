package dev.kubeharden.model;

/**
 * Who set a value: a profile's control, a profile's {@code kubelet.config}, or the command line.
 *
 * @param layer the profile name, or null for the command line
 * @param controlId the control that set it, or null
 */
public record Origin(Kind kind, String layer, String controlId, Position position) {
  /** The three places a setting can come from. */
  public enum Kind {
    /** A control of a profile layer. */
    CONTROL,
    /** A profile layer's {@code kubelet.config}. */
    PROFILE,
    /** {@code --set}. */
    COMMAND_LINE
  }

  /** A value a profile sets: its control's when {@code controlId} is not null. */
  public Origin(String layer, String controlId, Position position) {
    this(controlId == null ? Kind.PROFILE : Kind.CONTROL, layer, controlId, position);
  }

  public static Origin commandLine(Position position) {
    return new Origin(Kind.COMMAND_LINE, null, null, position);
  }

  public boolean isCommandLine() {
    return kind == Kind.COMMAND_LINE;
  }

  /** "cis-1.12 control CIS-1.12:4.2.1", "baseline kubelet.config", "--set". */
  public String describe() {
    return switch (kind) {
      case COMMAND_LINE -> "--set";
      case CONTROL -> layer + " control " + controlId;
      case PROFILE -> layer + " kubelet.config";
    };
  }
}
