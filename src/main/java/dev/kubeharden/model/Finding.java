package dev.kubeharden.model;

import java.util.List;

/**
 * One drifting field (or a forbidden flag) on one node.
 *
 * @param field the dotted KubeletConfiguration path, or {@code --flag} for a forbidden kubelet flag
 * @param current the effective value (null when unset)
 * @param source where the effective value came from
 * @param position the file:line:col that set it, or a whole-source position when no line is known
 * @param hardened the value the profile generates (null when the profile only forbids or requires
 *     absence)
 * @param requirements what the controls require, readable ("readOnlyPort = 0")
 * @param fixedBy the generated files that fix it: node paths, or bundle paths (kubeadm/...) for
 *     kubeadm carriers
 * @param action what to do on the node
 */
public record Finding(
    List<String> controls,
    String field,
    Object current,
    ValueSource source,
    Position position,
    Object hardened,
    List<String> requirements,
    String severity,
    List<String> fixedBy,
    String action) {

  public boolean isFlag() {
    return field.startsWith("-");
  }
}
