package dev.kubeharden.controlplane;

import dev.kubeharden.model.ClusterSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RBAC for callers of the kubelet API (section 7 of the domain notes): the kubelet authorizes each
 * request as a verb on nodes/&lt;subresource&gt;. Readers get exactly the subresources they need;
 * nodes/proxy (command execution on the node) goes only to the API server's kubelet client, through
 * the upstream system:kubelet-api-admin role.
 */
public final class Rbac {
  public static final String API = "rbac.authorization.k8s.io/v1";
  public static final String METRICS_READER = "kubeharden:kubelet-metrics-reader";
  public static final String LOG_READER = "kubeharden:kubelet-log-reader";
  public static final String CONFIG_READER = "kubeharden:kubelet-config-reader";
  public static final String API_ADMIN_BINDING = "kubeharden:apiserver-kubelet-api-admin";
  public static final String DEFAULT_KUBELET_CLIENT = "kube-apiserver-kubelet-client";

  private Rbac() {}

  public static String kubeletClientUser(ClusterSettings c) {
    return c.kubeletClientUser() == null ? DEFAULT_KUBELET_CLIENT : c.kubeletClientUser();
  }

  public static List<Map<String, Object>> objects(ClusterSettings c) {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(
        role(
            METRICS_READER,
            "Scrape kubelet metrics and summary stats (GET /metrics*, /stats).",
            "nodes/metrics",
            "nodes/stats"));
    out.add(role(LOG_READER, "Read node logs through the kubelet (GET /logs).", "nodes/log"));
    out.add(
        role(
            CONFIG_READER,
            "Read the kubelet's running configuration for drift checks (GET /configz). Before"
                + " fine-grained kubelet authorization (KubeletFineGrainedAuthz, on by default from 1.33) the kubelet"
                + " checks /configz as nodes/proxy, which this role does not grant.",
            "nodes/configz"));
    binding(out, METRICS_READER, c.metricsReaders());
    binding(out, LOG_READER, c.logReaders());
    binding(out, CONFIG_READER, c.configReaders());
    Map<String, Object> admin = new LinkedHashMap<>();
    admin.put("apiVersion", API);
    admin.put("kind", "ClusterRoleBinding");
    admin.put(
        "metadata",
        meta(
            API_ADMIN_BINDING,
            "The API server's kubelet client identity may use the whole"
                + " kubelet API (logs, exec, attach, port-forward): the only subject given nodes/proxy."));
    admin.put("roleRef", roleRef("system:kubelet-api-admin"));
    admin.put(
        "subjects",
        List.of(subject(new ClusterSettings.Subject("User", kubeletClientUser(c), null))));
    out.add(admin);
    return out;
  }

  private static Map<String, Object> role(String name, String purpose, String... resources) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("apiGroups", List.of(""));
    rule.put("resources", List.of(resources));
    rule.put("verbs", List.of("get"));
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("apiVersion", API);
    role.put("kind", "ClusterRole");
    role.put("metadata", meta(name, purpose));
    role.put("rules", List.of(rule));
    return role;
  }

  private static void binding(
      List<Map<String, Object>> out, String role, List<ClusterSettings.Subject> subjects) {
    if (subjects.isEmpty()) {
      return;
    }
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("apiVersion", API);
    b.put("kind", "ClusterRoleBinding");
    b.put("metadata", meta(role, null));
    b.put("roleRef", roleRef(role));
    List<Object> s = new ArrayList<>();
    subjects.forEach(x -> s.add(subject(x)));
    b.put("subjects", s);
    out.add(b);
  }

  private static Map<String, Object> meta(String name, String comment) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (comment != null) {
      m.put("#", comment);
    }
    m.put("name", name);
    m.put("labels", Map.of("app.kubernetes.io/managed-by", "kubeharden"));
    return m;
  }

  private static Map<String, Object> roleRef(String role) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiGroup", "rbac.authorization.k8s.io");
    m.put("kind", "ClusterRole");
    m.put("name", role);
    return m;
  }

  private static Map<String, Object> subject(ClusterSettings.Subject s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", s.kind());
    if (!s.kind().equals("ServiceAccount")) {
      m.put("apiGroup", "rbac.authorization.k8s.io");
    }
    m.put("name", s.name());
    if (s.namespace() != null) {
      m.put("namespace", s.namespace());
    }
    return m;
  }
}
