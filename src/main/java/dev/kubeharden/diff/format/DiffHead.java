package dev.kubeharden.diff.format;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.DiffReport;
import java.util.List;

/**
 * What a report says before its nodes: the text title, the profile and minor (for an inventory, its
 * clusters' names and minors, comma separated), the controls SARIF lists as rules, and whether the
 * nodes are a fleet (a fleet summary follows them).
 */
public record DiffHead(
    String title, String profile, String version, List<Control> controls, boolean fleet) {
  public DiffHead {
    controls = List.copyOf(controls);
  }

  /** The head of a diff of nodes against one profile. */
  public static DiffHead of(
      String profile,
      dev.kubeharden.model.KubeVersion version,
      List<Control> controls,
      boolean fleet) {
    return new DiffHead(
        "kubeharden diff: profile " + profile + " for Kubernetes " + version + "\n",
        profile,
        version.toString(),
        controls,
        fleet);
  }

  public static DiffHead of(DiffReport r) {
    return of(r.profile(), r.version(), r.controls(), r.fleet());
  }
}
