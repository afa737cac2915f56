package dev.kubeharden.controlplane;

import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lints RBAC objects (generated ones and files given to validate): no wildcard verbs, resources or
 * API groups; no nodes/proxy except for the API server's kubelet client; no bindings to
 * system:anonymous, system:unauthenticated or system:authenticated; no binding that gives a kubelet
 * identity more than the Node authorizer allows. Each violation names the object and the rule.
 */
public final class RbacLint {
  private static final Set<String> ROLE_KINDS = Set.of("Role", "ClusterRole");
  private static final Set<String> BINDING_KINDS = Set.of("RoleBinding", "ClusterRoleBinding");
  private static final Set<String> BROAD_GROUPS =
      Set.of("system:anonymous", "system:unauthenticated", "system:authenticated");

  /** Upstream roles known to grant nodes/proxy. */
  private static final Set<String> UPSTREAM_PROXY_ROLES =
      Set.of("system:kubelet-api-admin", "cluster-admin");

  private RbacLint() {}

  public static boolean isRbac(Node doc) {
    return doc instanceof Node.MapNode m
        && m.get("kind") instanceof Node.Scalar k
        && (ROLE_KINDS.contains(k.text()) || BINDING_KINDS.contains(k.text()));
  }

  /** Lints a set of documents together (bindings are checked against the roles among them). */
  public static List<Problem> lint(List<Node> docs, String kubeletClientUser) {
    List<Problem> out = new ArrayList<>();
    Map<String, Boolean> proxyRoles = new LinkedHashMap<>();
    UPSTREAM_PROXY_ROLES.forEach(r -> proxyRoles.put("ClusterRole/" + r, true));
    for (Node d : docs) {
      Node.MapNode m = (Node.MapNode) d;
      String kind = text(m.get("kind"));
      if (ROLE_KINDS.contains(kind)) {
        boolean proxy = lintRole(m, kind, out);
        proxyRoles.put(kind + "/" + name(m), proxy);
      }
    }
    for (Node d : docs) {
      Node.MapNode m = (Node.MapNode) d;
      String kind = text(m.get("kind"));
      if (BINDING_KINDS.contains(kind)) {
        lintBinding(m, kind, proxyRoles, kubeletClientUser, out);
      }
    }
    return out;
  }

  /** Returns whether the role grants nodes/proxy. */
  private static boolean lintRole(Node.MapNode m, String kind, List<Problem> out) {
    String id = kind + " " + name(m);
    boolean proxy = false;
    if (!(m.get("rules") instanceof Node.SeqNode rules)) {
      return false;
    }
    int i = 0;
    for (Node r : rules.items()) {
      String rule = id + " rule " + i++;
      if (!(r instanceof Node.MapNode rm)) {
        out.add(Problem.error(r.position(), rule + ": must be a mapping"));
        continue;
      }
      for (String field : List.of("verbs", "resources", "apiGroups")) {
        for (Node v : items(rm.get(field))) {
          if (text(v).equals("*")) {
            out.add(
                Problem.error(
                    v.position(),
                    rule
                        + ": wildcard in "
                        + field
                        + " grants everything, present and"
                        + " future; list what is needed"));
          }
        }
      }
      boolean core =
          items(rm.get("apiGroups")).stream()
              .anyMatch(g -> text(g).isEmpty() || text(g).equals("*"));
      for (Node res : items(rm.get("resources"))) {
        String t = text(res);
        if (core && (t.equals("nodes/proxy") || t.equals("nodes/*"))) {
          proxy = true;
        }
      }
    }
    return proxy;
  }

  private static void lintBinding(
      Node.MapNode m,
      String kind,
      Map<String, Boolean> proxyRoles,
      String kubeletClient,
      List<Problem> out) {
    String id = kind + " " + name(m);
    Node.MapNode ref = m.get("roleRef") instanceof Node.MapNode r ? r : null;
    String roleKey = ref == null ? "?" : text(ref.get("kind")) + "/" + text(ref.get("name"));
    boolean grantsProxy = proxyRoles.getOrDefault(roleKey, false);
    for (Node s : items(m.get("subjects"))) {
      if (!(s instanceof Node.MapNode sm)) {
        continue;
      }
      String sk = text(sm.get("kind"));
      String sn = text(sm.get("name"));
      Position pos = s.position();
      String why = subjectProblem(sk, sn);
      if (why != null) {
        out.add(Problem.error(pos, id + ": binds " + roleKey + " to " + why));
      }
      if (grantsProxy && !(sk.equals("User") && sn.equals(kubeletClient))) {
        out.add(
            Problem.error(
                pos,
                id
                    + ": gives nodes/proxy (command execution on every node) through "
                    + roleKey
                    + " to "
                    + sk
                    + " "
                    + sn
                    + "; only the API server's kubelet client ("
                    + kubeletClient
                    + ") may have it"));
      }
    }
  }

  /**
   * Why a subject must never be bound (a broad group, anonymous, or a kubelet identity), or null.
   * The text reads after "binds ROLE to".
   */
  public static String subjectProblem(String kind, String name) {
    if (kind.equals("Group") && BROAD_GROUPS.contains(name)) {
      return "group "
          + name
          + ", which includes every"
          + (name.equals("system:authenticated") ? " authenticated" : " unauthenticated")
          + " caller";
    }
    if (kind.equals("User") && name.equals("system:anonymous")) {
      return "system:anonymous, every unauthenticated caller";
    }
    if ((kind.equals("Group") && name.equals("system:nodes"))
        || (kind.equals("User") && name.startsWith("system:node:"))) {
      return "the kubelet identity "
          + name
          + "; kubelets are authorized by the Node authorizer and NodeRestriction,"
          + " and any binding gives them more than Node allows";
    }
    return null;
  }

  private static List<Node> items(Node n) {
    return n instanceof Node.SeqNode s ? s.items() : List.of();
  }

  private static String text(Node n) {
    return n instanceof Node.Scalar s ? s.text() : "";
  }

  private static String name(Node.MapNode m) {
    return m.get("metadata") instanceof Node.MapNode meta ? text(meta.get("name")) : "(unnamed)";
  }
}
