package dev.kubeharden.model;

/**
 * What one declared exception did in a resolution: switched its control off, was shadowed by a
 * later layer's exception for the same control, or was unused (the control is not applicable to the
 * minor, or, for an inventory exception, not a control of the pool's profiles).
 *
 * @param control the control it names, or null when no profile applied defines it
 * @param shadowedBy the exception in force instead, for {@link Use#SHADOWED}; else null
 */
public record ExceptionUse(Disable exception, Control control, Use use, Disable shadowedBy) {

  public enum Use {
    IN_FORCE("in force"),
    SHADOWED("shadowed"),
    NOT_APPLICABLE("unused"),
    NOT_DEFINED("unused");

    private final String label;

    Use(String label) {
      this.label = label;
    }

    /** "in force", "shadowed" or "unused". */
    public String label() {
      return label;
    }

    public boolean unused() {
      return this == NOT_APPLICABLE || this == NOT_DEFINED;
    }
  }

  /** Why it is not in force (for the report), or "" when it is. */
  public String why(KubeVersion version) {
    return switch (use) {
      case IN_FORCE -> "";
      case SHADOWED -> "the control is disabled again by " + shadowedBy.profile();
      case NOT_APPLICABLE ->
          "the control applies to Kubernetes " + control.versions() + ", not " + version;
      case NOT_DEFINED -> "no profile applied defines the control";
    };
  }

  /** "in force", "shadowed: ...", "unused: ...". */
  public String describe(KubeVersion version) {
    return use == Use.IN_FORCE ? use.label() : use.label() + ": " + why(version);
  }
}
