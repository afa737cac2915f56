package dev.kubeharden.model;

import java.util.Arrays;
import java.util.List;

/** Whether a control's check can be automated. */
public enum Assessment {
  AUTOMATED("automated"),
  MANUAL("manual");

  private final String yamlName;

  Assessment(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name profiles and reports spell. */
  public String yamlName() {
    return yamlName;
  }

  /** The value a profile spells {@code name}, or null. */
  public static Assessment byName(String name) {
    for (Assessment v : values()) {
      if (v.yamlName.equals(name)) {
        return v;
      }
    }
    return null;
  }

  /** Every name, in order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Assessment::yamlName).toList();
  }

  @Override
  public String toString() {
    return yamlName;
  }
}
