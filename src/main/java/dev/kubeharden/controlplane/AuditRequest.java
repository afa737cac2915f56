package dev.kubeharden.controlplane;

import java.util.List;

/** A request an audit policy is evaluated against: who, what verb, which resource or URL. */
public record AuditRequest(
    String user,
    List<String> groups,
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String nonResourceURL) {

  /** The identities each check is made for. */
  public enum Identity {
    USER("an ordinary user", "alice", "system:authenticated"),
    NODE("a kubelet", "system:node:worker-1", "system:nodes", "system:authenticated"),
    ANONYMOUS("an anonymous caller", "system:anonymous", "system:unauthenticated");

    private final String description;
    private final String user;
    private final String groups;

    Identity(String description, String user, String... groups) {
      this.description = description;
      this.user = user;
      this.groups = String.join(",", groups);
    }

    List<String> groups() {
      return List.of(groups.split(",", -1));
    }

    public String description() {
      return description;
    }
  }

  /** Cluster-scoped resources, whose requests the API server matches with namespace "". */
  private static final List<String> CLUSTER_SCOPED =
      List.of("nodes", "certificatesigningrequests", "tokenreviews", "subjectaccessreviews");

  static AuditRequest resource(String verb, String group, String resource, String subresource) {
    String namespace = CLUSTER_SCOPED.contains(resource) ? "" : "default";
    return new AuditRequest(
        "alice",
        List.of("system:authenticated"),
        verb,
        group,
        resource,
        subresource,
        namespace,
        null);
  }

  AuditRequest as(Identity who) {
    return new AuditRequest(
        who.user, who.groups(), verb, group, resource, subresource, namespace, nonResourceURL);
  }

  String resourceName() {
    String r = subresource == null ? resource : resource + "/" + subresource;
    return (group.isEmpty() ? "" : group + "/") + r;
  }

  String describe() {
    String r = subresource == null ? resource : resource + "/" + subresource;
    return verb + " " + (group.isEmpty() ? "" : group + "/") + r;
  }

  /** Traffic that must never be logged above Metadata. */
  static final List<AuditRequest> SENSITIVE =
      List.of(
          resource("get", "", "secrets", null),
          resource("create", "", "secrets", null),
          resource("update", "", "secrets", null),
          resource("get", "", "configmaps", null),
          resource("patch", "", "configmaps", null),
          resource("create", "authentication.k8s.io", "tokenreviews", null));

  /** Kubelet-related traffic that must be logged at least at Metadata (DOMAIN section 5). */
  public static final List<AuditRequest> KUBELET_RELATED =
      List.of(
          resource("get", "", "nodes", "proxy"),
          resource("create", "", "nodes", "proxy"),
          resource("get", "", "nodes", "log"),
          resource("get", "", "nodes", "metrics"),
          resource("get", "", "nodes", "stats"),
          resource("get", "", "nodes", "configz"),
          resource("create", "", "pods", "exec"),
          resource("get", "", "pods", "exec"),
          resource("create", "", "pods", "attach"),
          resource("create", "", "pods", "portforward"),
          resource("get", "", "pods", "proxy"),
          resource("get", "", "services", "proxy"),
          resource("create", "certificates.k8s.io", "certificatesigningrequests", null),
          resource("update", "certificates.k8s.io", "certificatesigningrequests", "approval"),
          resource("update", "", "nodes", "status"),
          resource("patch", "", "nodes", "status"),
          resource("create", "", "nodes", null),
          resource("delete", "", "nodes", null),
          resource("create", "authentication.k8s.io", "tokenreviews", null),
          resource("create", "authorization.k8s.io", "subjectaccessreviews", null));
}
