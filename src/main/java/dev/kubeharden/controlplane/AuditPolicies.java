package dev.kubeharden.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds audit.k8s.io/v1 Policies. Order is deliberate (first match wins): noise dropped first
 * (only requests that carry no security signal), then Secrets/ConfigMaps/TokenReviews pinned to
 * Metadata before anything broader, then kubelet-related traffic, then the profile's own rules,
 * then the tier's broad rules. Never a catch-all RequestResponse.
 */
public final class AuditPolicies {
  public static final String LEAN = "lean";
  public static final String THOROUGH = "thorough";

  private AuditPolicies() {}

  public static Map<String, Object> policy(String tier, List<Map<String, Object>> extraRules) {
    boolean thorough = THOROUGH.equals(tier);
    List<Object> rules = new ArrayList<>();
    rules.add(
        rule(
            "# Noise: health probes and version checks carry no security signal.",
            "None",
            "nonResourceURLs",
            List.of("/healthz*", "/livez*", "/readyz*", "/version", "/version/")));
    Map<String, Object> proxy =
        rule("# Noise: kube-proxy's watches of Services and EndpointSlices.", "None");
    proxy.put("users", List.of("system:kube-proxy"));
    proxy.put("verbs", List.of("watch"));
    proxy.put(
        "resources",
        List.of(group("", "endpoints", "services"), group("discovery.k8s.io", "endpointslices")));
    rules.add(proxy);
    Map<String, Object> events =
        rule("# Noise: reads of Events (writes stay audited below).", "None");
    events.put("verbs", List.of("get", "list", "watch"));
    events.put("resources", List.of(group("", "events"), group("events.k8s.io", "events")));
    rules.add(events);
    Map<String, Object> secrets =
        rule(
            "# Secrets, ConfigMaps and TokenReviews at Metadata only, before any broader rule: their bodies hold"
                + " credentials.",
            "Metadata");
    secrets.put(
        "resources",
        List.of(
            group("", "secrets", "configmaps"), group("authentication.k8s.io", "tokenreviews")));
    rules.add(secrets);
    Map<String, Object> exec =
        rule(
            "# Command execution on nodes and in pods (kubelet API through the API server).",
            thorough ? "Request" : "Metadata");
    exec.put(
        "resources",
        List.of(
            group(
                "",
                "nodes/proxy",
                "pods/exec",
                "pods/attach",
                "pods/portforward",
                "pods/proxy",
                "services/proxy")));
    rules.add(exec);
    Map<String, Object> kubelet =
        rule("# Other kubelet endpoints and the kubelet's webhook authn/authz.", "Metadata");
    kubelet.put(
        "resources",
        List.of(
            group("", "nodes/log", "nodes/metrics", "nodes/stats", "nodes/configz"),
            group("authorization.k8s.io", "subjectaccessreviews")));
    rules.add(kubelet);
    Map<String, Object> certs =
        rule("# Kubelet client and serving certificates.", thorough ? "Request" : "Metadata");
    certs.put(
        "resources",
        List.of(
            group(
                "certificates.k8s.io",
                "certificatesigningrequests",
                "certificatesigningrequests/approval",
                "certificatesigningrequests/status")));
    rules.add(certs);
    Map<String, Object> nodes =
        rule("# Node objects and node status writes.", thorough ? "Request" : "Metadata");
    nodes.put("verbs", List.of("create", "update", "patch", "delete", "deletecollection"));
    nodes.put("resources", List.of(group("", "nodes", "nodes/status")));
    rules.add(nodes);
    for (Map<String, Object> extra : extraRules) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("#", "From the profile.");
      r.putAll(extra);
      rules.add(r);
    }
    if (thorough) {
      Map<String, Object> writes =
          rule(
              "# Thorough tier: the request body of every other write (pod changes" + " included).",
              "Request");
      writes.put("verbs", List.of("create", "update", "patch", "delete", "deletecollection"));
      rules.add(writes);
    } else {
      Map<String, Object> pods = rule("# Pod changes.", "Metadata");
      pods.put("verbs", List.of("create", "update", "patch", "delete", "deletecollection"));
      pods.put("resources", List.of(group("", "pods")));
      rules.add(pods);
    }
    rules.add(rule("# Everything else at Metadata (never RequestResponse).", "Metadata"));
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("apiVersion", AuditPolicyValidator.API_VERSION);
    policy.put("kind", "Policy");
    policy.put("omitStages", List.of("RequestReceived"));
    policy.put("rules", rules);
    return policy;
  }

  private static Map<String, Object> rule(String comment, String level, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("#", comment.substring(2));
    m.put("level", level);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> group(String group, String... resources) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", group);
    m.put("resources", List.of(resources));
    return m;
  }
}
