package dev.kubeharden.model;

/**
 * Who set a value: a profile's control, a profile's {@code kubelet.config}, or the command line.
 *
 * @param layer the profile name, or "--set"
 * @param controlId the control that set it, or null
 */
public record Origin(String layer, String controlId, Position position) {

  public static Origin commandLine(Position position) {
    return new Origin("--set", null, position);
  }

  public boolean isCommandLine() {
    return "--set".equals(layer);
  }

  /** "cis-1.12 control CIS-1.12:4.2.1", "baseline kubelet.config", "--set". */
  public String describe() {
    if (isCommandLine()) {
      return "--set";
    }
    return controlId != null ? layer + " control " + controlId : layer + " kubelet.config";
  }
}
