package dev.kubeharden.diff;

import dev.kubeharden.model.Control;
import java.util.ArrayList;
import java.util.List;

/**
 * The controls that name one finding, the requirements they check, and the highest severity among
 * them: what a node finding and a cluster finding collect alike.
 */
final class FindingControls {
  /** Severities, least first. */
  static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

  private final List<String> controls = new ArrayList<>();
  private final List<String> requirements = new ArrayList<>();
  private String severity = "low";

  /** Adds control {@code c} and its {@code requirement}, each once, in the order first seen. */
  void add(Control c, String requirement) {
    if (!controls.contains(c.id())) {
      controls.add(c.id());
    }
    if (!requirements.contains(requirement)) {
      requirements.add(requirement);
    }
    if (SEVERITIES.indexOf(c.severity()) > SEVERITIES.indexOf(severity)) {
      severity = c.severity();
    }
  }

  List<String> controls() {
    return List.copyOf(controls);
  }

  List<String> requirements() {
    return List.copyOf(requirements);
  }

  String severity() {
    return severity;
  }
}
