package dev.kubeharden.model;

/**
 * Where an effective kubelet setting came from, in the kubelet's order of precedence (lowest
 * first).
 */
public enum ValueSource {
  DEFAULT("default"),
  LEGACY_DEFAULT("legacy-default"),
  FILE("file"),
  DROP_IN("drop-in"),
  FLAG("flag"),
  CONFIGZ("configz");

  private final String label;

  ValueSource(String label) {
    this.label = label;
  }

  /** The name reports use: default, legacy-default, file, drop-in, flag, configz. */
  public String label() {
    return label;
  }

  public boolean isDefault() {
    return this == DEFAULT || this == LEGACY_DEFAULT;
  }
}
