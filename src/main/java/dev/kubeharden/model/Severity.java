package dev.kubeharden.model;

import java.util.Arrays;
import java.util.List;

/** How much a control matters, lowest first. */
public enum Severity {
  LOW("low"),
  MEDIUM("medium"),
  HIGH("high"),
  CRITICAL("critical");

  private final String yamlName;

  Severity(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name profiles and reports spell. */
  public String yamlName() {
    return yamlName;
  }

  /** The value a profile spells {@code name}, or null. */
  public static Severity byName(String name) {
    for (Severity v : values()) {
      if (v.yamlName.equals(name)) {
        return v;
      }
    }
    return null;
  }

  /** Every name, in order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Severity::yamlName).toList();
  }

  @Override
  public String toString() {
    return yamlName;
  }
}
