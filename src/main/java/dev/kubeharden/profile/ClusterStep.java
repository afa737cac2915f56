package dev.kubeharden.profile;

import dev.kubeharden.model.ClusterSettings;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import java.util.List;

/**
 * Resolution step 6: the cluster section. Each layer's {@code cluster:} over the one before, with
 * variables substituted, then the checks across layers.
 */
final class ClusterStep {
  private ClusterStep() {}

  static ClusterSettings of(List<Profile> chain, VariableStep variables, List<Problem> problems) {
    ClusterSettings cluster = ClusterSettings.EMPTY;
    for (Profile p : chain) {
      cluster =
          cluster.over(new ClusterSectionParser(problems, variables::value).parse(p.cluster()));
    }
    checkExemptNamespaceLabels(cluster, problems);
    return cluster;
  }

  /**
   * Pod Security never evaluates a namespace listed in exemptions.namespaces, for enforce, audit or
   * warn alike (pod-security-admission admission/admission.go returns before EvaluatePod), so audit
   * or warn labels above privileged there would claim checks that never run.
   */
  private static void checkExemptNamespaceLabels(ClusterSettings cluster, List<Problem> out) {
    for (ClusterSettings.NamespacePolicy ns : cluster.namespaces()) {
      if (!cluster.exemptNamespaces().contains(ns.name())) {
        continue;
      }
      for (String[] mode : new String[][] {{"audit", ns.audit()}, {"warn", ns.warn()}}) {
        if (mode[1] != null && !"privileged".equals(mode[1])) {
          out.add(
              Problem.error(
                  ns.position() == null
                      ? Position.of("cluster.podSecurity.namespaces")
                      : ns.position(),
                  "namespace "
                      + ns.name()
                      + " is exempt from Pod Security, which then never evaluates it"
                      + " (pod-security-admission admission.go), so "
                      + mode[0]
                      + ": "
                      + mode[1]
                      + " would claim checks that never run; use privileged, or remove it from the exemptions"));
        }
      }
    }
  }
}
