package dev.kubeharden.model;

import java.util.List;

/**
 * The outcome of one control on one node: passing (every requirement met, no forbidden flag),
 * failing (some finding names it), or not checked (nothing a kubelet configuration can show, such
 * as file modes), with the reason.
 */
public record ControlStatus(
    String id, String title, String severity, Status status, List<String> checks, String reason) {

  public enum Status {
    PASS,
    FAIL,
    NOT_CHECKED,
    /** The kubelet does not start, or its inputs cannot be read: neither pass nor fail. */
    UNKNOWN
  }
}
