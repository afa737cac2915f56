package dev.kubeharden.model;

import java.util.Arrays;
import java.util.List;

/**
 * Where a control acts: the node (kubelet, files), the control plane, the cluster, or a process.
 */
public enum Scope {
  NODE("node"),
  CONTROL_PLANE("control-plane"),
  CLUSTER("cluster"),
  PROCESS("process");

  private final String yamlName;

  Scope(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name profiles and reports spell. */
  public String yamlName() {
    return yamlName;
  }

  /** The value a profile spells {@code name}, or null. */
  public static Scope byName(String name) {
    for (Scope v : values()) {
      if (v.yamlName.equals(name)) {
        return v;
      }
    }
    return null;
  }

  /** Every name, in order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Scope::yamlName).toList();
  }

  @Override
  public String toString() {
    return yamlName;
  }
}
