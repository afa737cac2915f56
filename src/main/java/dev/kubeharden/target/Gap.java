package dev.kubeharden.target;

import java.util.List;

/**
 * A hardening setting a target does not carry as written: the platform manages it, the format
 * cannot express it, or it goes only as a kubelet flag.
 *
 * @param field the KubeletConfiguration field
 * @param controls the controls that require it
 * @param carrier how the target handles it, from the expressibility matrix
 */
public record Gap(
    String target, String field, List<String> controls, Expressibility.Carrier carrier) {
  public Gap {
    controls = List.copyOf(controls);
  }

  /** One line for the report and pull-request bodies. */
  public String describe() {
    return field
        + " ("
        + String.join(", ", controls)
        + "): "
        + carrier.kind().text()
        + " on "
        + target
        + ": "
        + carrier.detail();
  }
}
