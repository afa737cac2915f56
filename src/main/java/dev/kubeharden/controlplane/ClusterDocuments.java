package dev.kubeharden.controlplane;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates control-plane and cluster documents by kind; shared by the bundle check and {@code
 * validate}.
 */
public final class ClusterDocuments {
  private ClusterDocuments() {}

  /** The kind of a document, or null. */
  public static String kind(Node doc) {
    return doc instanceof Node.MapNode m && m.get("kind") instanceof Node.Scalar k
        ? k.text()
        : null;
  }

  /** Whether kubeharden knows how to validate this kind. */
  public static boolean isKnown(String kind) {
    return kind != null
        && List.of(
                "Policy",
                "AdmissionConfiguration",
                "PodSecurityConfiguration",
                "Namespace",
                "Role",
                "ClusterRole",
                "RoleBinding",
                "ClusterRoleBinding")
            .contains(kind);
  }

  /**
   * Validates documents of the known kinds. RBAC objects are linted together (bindings against the
   * roles among them); {@code kubeletClientUser} is the API server's kubelet client identity.
   */
  public static List<Problem> validate(List<Node> docs, String kubeletClientUser) {
    List<Problem> out = new ArrayList<>();
    List<Node> rbac = new ArrayList<>();
    for (Node d : docs) {
      String kind = kind(d);
      if (kind == null) {
        out.add(Problem.error(d.position(), "document has no kind"));
        continue;
      }
      switch (kind) {
        case "Policy" -> out.addAll(AuditPolicyValidator.validate(d));
        case "AdmissionConfiguration" -> out.addAll(PodSecurity.validateAdmission(d));
        case "PodSecurityConfiguration" ->
            out.addAll(PodSecurity.validatePodSecurityConfiguration(d));
        case "Namespace" -> out.addAll(PodSecurity.validateNamespace(d));
        default -> {
          if (RbacLint.isRbac(d)) {
            rbac.add(d);
          } else {
            out.add(Problem.error(d.position(), "unsupported kind " + kind));
          }
        }
      }
    }
    out.addAll(RbacLint.lint(rbac, kubeletClientUser));
    return out;
  }
}
