package dev.kubeharden.controlplane;

import dev.kubeharden.model.ClusterSettings;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pod Security Admission: the AdmissionConfiguration (apiserver.config.k8s.io/v1) carrying a
 * PodSecurityConfiguration (pod-security.admission.config.k8s.io/v1), namespace labels, and their
 * validation (k8s.io/pod-security-admission/admission/api; unknown fields are rejected by the API
 * server).
 */
public final class PodSecurity {
  public static final List<String> LEVELS = List.of("privileged", "baseline", "restricted");
  public static final String ADMISSION_API = "apiserver.config.k8s.io/v1";
  public static final String PSA_API = "pod-security.admission.config.k8s.io/v1";
  public static final String LABEL = "pod-security.kubernetes.io/";
  private static final List<String> MODES = List.of("enforce", "audit", "warn");
  private static final Pattern VERSION = Pattern.compile("latest|v1\\.(0|[1-9][0-9]*)");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private PodSecurity() {}

  /** "v1.34" for a pinned policy, or "latest". */
  public static String version(ClusterSettings c, KubeVersion v) {
    return "latest".equals(c.psaVersion()) ? "latest" : "v" + v;
  }

  public static Map<String, Object> admissionConfiguration(ClusterSettings c, KubeVersion v) {
    String version = version(c, v);
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("enforce", level(c.psaEnforce(), "baseline"));
    defaults.put("enforce-version", version);
    defaults.put("audit", level(c.psaAudit(), "restricted"));
    defaults.put("audit-version", version);
    defaults.put("warn", level(c.psaWarn(), "restricted"));
    defaults.put("warn-version", version);
    Map<String, Object> exemptions = new LinkedHashMap<>();
    exemptions.put("usernames", c.exemptUsernames());
    exemptions.put("runtimeClasses", c.exemptRuntimeClasses());
    exemptions.put("namespaces", c.exemptNamespaces());
    Map<String, Object> psa = new LinkedHashMap<>();
    psa.put("apiVersion", PSA_API);
    psa.put("kind", "PodSecurityConfiguration");
    psa.put("defaults", defaults);
    psa.put("exemptions", exemptions);
    Map<String, Object> plugin = new LinkedHashMap<>();
    plugin.put("name", "PodSecurity");
    plugin.put("configuration", psa);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("apiVersion", ADMISSION_API);
    root.put("kind", "AdmissionConfiguration");
    root.put("plugins", List.of(plugin));
    return root;
  }

  /** One v1 Namespace per namespace policy, labelled for each mode it sets. */
  public static List<Map<String, Object>> namespaces(ClusterSettings c, KubeVersion v) {
    String version = version(c, v);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ClusterSettings.NamespacePolicy n : c.namespaces()) {
      Map<String, Object> labels = new LinkedHashMap<>();
      put(labels, "enforce", n.enforce(), version);
      put(labels, "audit", n.audit(), version);
      put(labels, "warn", n.warn(), version);
      Map<String, Object> meta = new LinkedHashMap<>();
      if (n.reason() != null) {
        meta.put("#", n.reason().strip());
      }
      meta.put("name", n.name());
      meta.put("labels", labels);
      Map<String, Object> ns = new LinkedHashMap<>();
      ns.put("apiVersion", "v1");
      ns.put("kind", "Namespace");
      ns.put("metadata", meta);
      out.add(ns);
    }
    return out;
  }

  private static void put(Map<String, Object> labels, String mode, String level, String version) {
    if (level != null) {
      labels.put(LABEL + mode, level);
      labels.put(LABEL + mode + "-version", version);
    }
  }

  private static String level(String l, String dflt) {
    return l == null ? dflt : l;
  }

  /** Validates an AdmissionConfiguration document. */
  public static List<Problem> validateAdmission(Node root) {
    List<Problem> out = new ArrayList<>();
    Node.MapNode m = map(root, "AdmissionConfiguration", out);
    if (m == null) {
      return out;
    }
    keys(m, List.of("apiVersion", "kind", "plugins"), "AdmissionConfiguration", out);
    expect(m, "apiVersion", ADMISSION_API, out);
    if (!(m.get("plugins") instanceof Node.SeqNode plugins)) {
      out.add(Problem.error(m.position(), "AdmissionConfiguration needs a plugins list"));
      return out;
    }
    for (Node p : plugins.items()) {
      Node.MapNode pm = map(p, "plugin", out);
      if (pm == null) {
        continue;
      }
      keys(pm, List.of("name", "path", "configuration"), "plugin", out);
      if (pm.get("name") instanceof Node.Scalar s && s.text().equals("PodSecurity")) {
        if (pm.get("configuration") == null) {
          out.add(Problem.error(pm.position(), "the PodSecurity plugin needs a configuration"));
        } else {
          out.addAll(validatePodSecurityConfiguration(pm.get("configuration")));
        }
      }
    }
    return out;
  }

  /** Validates a PodSecurityConfiguration document. */
  public static List<Problem> validatePodSecurityConfiguration(Node root) {
    List<Problem> out = new ArrayList<>();
    Node.MapNode m = map(root, "PodSecurityConfiguration", out);
    if (m == null) {
      return out;
    }
    keys(
        m,
        List.of("apiVersion", "kind", "defaults", "exemptions"),
        "PodSecurityConfiguration",
        out);
    expect(m, "apiVersion", PSA_API, out);
    expect(m, "kind", "PodSecurityConfiguration", out);
    if (m.get("defaults") != null) {
      Node.MapNode d = map(m.get("defaults"), "defaults", out);
      if (d != null) {
        List<String> allowed = new ArrayList<>();
        for (String mode : MODES) {
          allowed.add(mode);
          allowed.add(mode + "-version");
        }
        keys(d, allowed, "defaults", out);
        for (Node.Entry e : d.entries().values()) {
          String v = e.value() instanceof Node.Scalar s ? s.text() : "";
          if (e.key().endsWith("-version")) {
            checkVersion(v, e.value(), out);
          } else if (MODES.contains(e.key()) && !LEVELS.contains(v)) {
            out.add(
                Problem.error(
                    e.value().position(),
                    "defaults."
                        + e.key()
                        + " \""
                        + v
                        + "\" is not one of "
                        + String.join(", ", LEVELS)
                        + Suggestions.hint(v, LEVELS)));
          }
        }
      }
    }
    if (m.get("exemptions") != null) {
      Node.MapNode ex = map(m.get("exemptions"), "exemptions", out);
      if (ex != null) {
        keys(ex, List.of("usernames", "namespaces", "runtimeClasses"), "exemptions", out);
        if (ex.get("namespaces") instanceof Node.SeqNode ns) {
          for (Node n : ns.items()) {
            if (!(n instanceof Node.Scalar s) || !DNS_LABEL.matcher(s.text()).matches()) {
              out.add(Problem.error(n.position(), "exempt namespace is not a DNS-1123 label"));
            }
          }
        }
      }
    }
    return out;
  }

  /** Validates the Pod Security labels of a Namespace document. */
  public static List<Problem> validateNamespace(Node root) {
    List<Problem> out = new ArrayList<>();
    Node.MapNode m = map(root, "Namespace", out);
    if (m == null) {
      return out;
    }
    Node.MapNode meta = m.get("metadata") instanceof Node.MapNode mm ? mm : null;
    if (meta == null
        || !(meta.get("name") instanceof Node.Scalar name)
        || !DNS_LABEL.matcher(name.text()).matches()) {
      Node at = meta == null ? m : meta.get("name") == null ? meta : meta.get("name");
      out.add(Problem.error(at.position(), "Namespace needs metadata.name, a DNS-1123 label"));
      return out;
    }
    if (meta.get("labels") instanceof Node.MapNode labels) {
      for (Node.Entry e : labels.entries().values()) {
        if (!e.key().startsWith(LABEL)) {
          continue;
        }
        String mode = e.key().substring(LABEL.length());
        String v = e.value() instanceof Node.Scalar s ? s.text() : "";
        if (mode.endsWith("-version") && MODES.contains(mode.substring(0, mode.length() - 8))) {
          checkVersion(v, e.value(), out);
        } else if (MODES.contains(mode)) {
          if (!LEVELS.contains(v)) {
            out.add(
                Problem.error(
                    e.value().position(),
                    e.key()
                        + " \""
                        + v
                        + "\" is not one of "
                        + String.join(", ", LEVELS)
                        + Suggestions.hint(v, LEVELS)));
          }
        } else {
          out.add(Problem.error(e.keyPosition(), "unknown Pod Security label " + e.key()));
        }
      }
    }
    return out;
  }

  private static void checkVersion(String v, Node n, List<Problem> out) {
    if (!VERSION.matcher(v).matches()) {
      out.add(
          Problem.error(n.position(), "Pod Security version \"" + v + "\" must be latest or v1.N"));
    }
  }

  private static Node.MapNode map(Node n, String what, List<Problem> out) {
    if (n instanceof Node.MapNode m) {
      return m;
    }
    out.add(Problem.error(n.position(), what + " must be a mapping"));
    return null;
  }

  private static void keys(Node.MapNode m, List<String> allowed, String what, List<Problem> out) {
    for (Node.Entry e : m.entries().values()) {
      if (!allowed.contains(e.key())) {
        out.add(
            Problem.error(
                e.keyPosition(),
                "unknown field \""
                    + e.key()
                    + "\" in "
                    + what
                    + Suggestions.hint(e.key(), allowed)));
      }
    }
  }

  private static void expect(Node.MapNode m, String key, String value, List<Problem> out) {
    if (!(m.get(key) instanceof Node.Scalar s) || !value.equals(s.text())) {
      out.add(
          Problem.error(
              m.get(key) == null ? m.position() : m.get(key).position(),
              key + " must be " + value));
    }
  }
}
