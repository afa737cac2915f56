package dev.kubeharden.profile;

import dev.kubeharden.controlplane.AuditPolicyValidator;
import dev.kubeharden.controlplane.PodSecurity;
import dev.kubeharden.controlplane.RbacLint;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.ClusterSettings;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import dev.kubeharden.yaml.NodeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a profile's {@code cluster:} section (audit, apiServer, podSecurity, rbac). Values may be
 * whole {@code ${variable}} references; with a variable lookup they are substituted and typed,
 * without one (at parse time) they are only checked for form.
 */
final class ClusterSectionParser {
  private static final Pattern WHOLE_REF = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)\\}");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final List<String> KEYS = List.of("audit", "apiServer", "podSecurity", "rbac");
  private static final List<String> AUDIT_KEYS =
      List.of("tier", "rules", "logPath", "maxAge", "maxBackup", "maxSize");
  private static final List<String> API_KEYS =
      List.of(
          "kubeletClientCertificate",
          "kubeletClientKey",
          "kubeletCertificateAuthority",
          "kubeletClientUser");
  private static final List<String> PSA_KEYS =
      List.of("enforce", "audit", "warn", "version", "exemptions", "namespaces");
  private static final List<String> RBAC_KEYS =
      List.of("metricsReaders", "logReaders", "configReaders");
  private static final List<String> TIERS = List.of("lean", "thorough");

  private final NodeReader r;
  private final Function<String, Node> vars;

  ClusterSectionParser(List<Problem> problems, Function<String, Node> vars) {
    this.r = new NodeReader(problems);
    this.vars = vars;
  }

  ClusterSettings parse(Node node) {
    if (node == null) {
      return ClusterSettings.EMPTY;
    }
    Node.MapNode m = r.map(node, "cluster");
    if (m == null) {
      return ClusterSettings.EMPTY;
    }
    r.onlyKeys(m, KEYS, "cluster");
    Node.MapNode audit = section(m, "audit", AUDIT_KEYS);
    Node.MapNode api = section(m, "apiServer", API_KEYS);
    Node.MapNode psa = section(m, "podSecurity", PSA_KEYS);
    Node.MapNode rbac = section(m, "rbac", RBAC_KEYS);
    String tier = enumValue(audit, "tier", TIERS, "cluster.audit.tier");
    List<Map<String, Object>> rules = new ArrayList<>();
    if (audit != null && audit.get("rules") != null) {
      Node.SeqNode seq = r.seq(audit.get("rules"), "cluster.audit.rules");
      if (seq != null) {
        for (Node rule : seq.items()) {
          int before = r.problems().size();
          AuditPolicyValidator.checkProfileRule(rule, r.problems());
          if (r.problems().size() == before) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) KubeletValues.plain(rule);
            rules.add(plain);
          }
        }
      }
    }
    Node.MapNode exemptions =
        psa == null || psa.get("exemptions") == null
            ? null
            : r.map(psa.get("exemptions"), "cluster.podSecurity.exemptions");
    if (exemptions != null) {
      r.onlyKeys(
          exemptions,
          List.of("usernames", "namespaces", "runtimeClasses"),
          "cluster.podSecurity.exemptions");
    }
    String version = psa == null ? null : string(psa, "version", "cluster.podSecurity");
    if (version != null && !version.equals("pinned") && !version.equals("latest")) {
      r.error(
          psa.get("version").position(),
          "cluster.podSecurity.version must be pinned or latest (got \"" + version + "\")");
      version = null;
    }
    return new ClusterSettings(
        tier,
        List.copyOf(rules),
        path(audit, "logPath", "cluster.audit"),
        integer(audit, "maxAge", "cluster.audit", 30),
        integer(audit, "maxBackup", "cluster.audit", 10),
        integer(audit, "maxSize", "cluster.audit", 100),
        path(api, "kubeletClientCertificate", "cluster.apiServer"),
        path(api, "kubeletClientKey", "cluster.apiServer"),
        path(api, "kubeletCertificateAuthority", "cluster.apiServer"),
        kubeletClientUser(api),
        enumValue(psa, "enforce", PodSecurity.LEVELS, "cluster.podSecurity.enforce"),
        enumValue(psa, "audit", PodSecurity.LEVELS, "cluster.podSecurity.audit"),
        enumValue(psa, "warn", PodSecurity.LEVELS, "cluster.podSecurity.warn"),
        version,
        strings(exemptions, "usernames", "cluster.podSecurity.exemptions"),
        names(exemptions, "namespaces", "cluster.podSecurity.exemptions"),
        strings(exemptions, "runtimeClasses", "cluster.podSecurity.exemptions"),
        namespaces(psa),
        subjects(rbac, "metricsReaders"),
        subjects(rbac, "logReaders"),
        subjects(rbac, "configReaders"));
  }

  private String kubeletClientUser(Node.MapNode api) {
    String user = string(api, "kubeletClientUser", "cluster.apiServer");
    String why = user == null ? null : RbacLint.subjectProblem("User", user);
    if (why != null) {
      r.error(
          value(api, "kubeletClientUser").position(),
          "cluster.apiServer.kubeletClientUser: " + why);
      return null;
    }
    return user;
  }

  private Node.MapNode section(Node.MapNode m, String key, List<String> keys) {
    Node n = m.get(key);
    if (n == null) {
      return null;
    }
    Node.MapNode s = r.map(n, "cluster." + key);
    if (s != null) {
      r.onlyKeys(s, keys, "cluster." + key);
    }
    return s;
  }

  /**
   * The node, with a whole ${var} reference replaced when variables are known; null when
   * unresolvable yet.
   */
  private Node value(Node.MapNode m, String key) {
    if (m == null) {
      return null;
    }
    Node n = m.get(key);
    if (n instanceof Node.Scalar s && !s.isNull()) {
      Matcher ref = WHOLE_REF.matcher(s.text());
      if (ref.matches()) {
        if (vars == null) {
          return null;
        }
        Node v = vars.apply(ref.group(1));
        if (v == null) {
          r.error(s.position(), "unknown variable " + ref.group(1));
        }
        return v;
      }
    }
    return n;
  }

  private String string(Node.MapNode m, String key, String what) {
    Node n = value(m, key);
    if (n == null || (n instanceof Node.Scalar s && s.isNull())) {
      return null;
    }
    return r.scalarString(n, what + "." + key);
  }

  private String path(Node.MapNode m, String key, String what) {
    String p = string(m, key, what);
    if (p != null && !SafePaths.isAbsoluteNormal(p)) {
      r.error(
          value(m, key).position(),
          what + "." + key + " must be an absolute path (got \"" + p + "\")");
      return null;
    }
    return p;
  }

  private Long integer(Node.MapNode m, String key, String what, long minimum) {
    Node n = value(m, key);
    if (n == null) {
      return null;
    }
    Long v = r.int64(n, what + "." + key);
    if (v != null && v < minimum) {
      r.error(
          n.position(),
          what + "." + key + " must be at least " + minimum + " (CIS 1.2.x; got " + v + ")");
      return null;
    }
    return v;
  }

  private String enumValue(Node.MapNode m, String key, List<String> allowed, String what) {
    String v = m == null ? null : string(m, key, what.substring(0, what.lastIndexOf('.')));
    if (v != null && !allowed.contains(v)) {
      r.error(
          value(m, key).position(),
          what
              + " \""
              + v
              + "\" is not one of "
              + String.join(", ", allowed)
              + dev.kubeharden.model.Suggestions.hint(v, allowed));
      return null;
    }
    return v;
  }

  private List<String> strings(Node.MapNode m, String key, String what) {
    Node n = value(m, key);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(n, what + "." + key);
    if (seq != null) {
      for (Node item : seq.items()) {
        String s = r.scalarString(item, what + "." + key + "[]");
        if (s != null) {
          out.add(s);
        }
      }
    }
    return List.copyOf(out);
  }

  private List<String> names(Node.MapNode m, String key, String what) {
    List<String> out = strings(m, key, what);
    Node list = value(m, key);
    if (list instanceof Node.SeqNode seq) {
      for (Node item : seq.items()) {
        if (item instanceof Node.Scalar s && !DNS_LABEL.matcher(s.text()).matches()) {
          r.error(
              item.position(),
              what
                  + "."
                  + key
                  + ": \""
                  + s.text()
                  + "\" is not a valid namespace name"
                  + " (DNS-1123 label)");
        }
      }
    }
    return out;
  }

  private List<ClusterSettings.NamespacePolicy> namespaces(Node.MapNode psa) {
    List<ClusterSettings.NamespacePolicy> out = new ArrayList<>();
    Node n = psa == null ? null : psa.get("namespaces");
    if (n == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(n, "cluster.podSecurity.namespaces");
    if (seq == null) {
      return out;
    }
    for (Node item : seq.items()) {
      Node.MapNode m = r.map(item, "cluster.podSecurity.namespaces[]");
      if (m == null) {
        continue;
      }
      String what = "cluster.podSecurity.namespaces[]";
      r.onlyKeys(m, List.of("name", "enforce", "audit", "warn", "reason"), what);
      String name = r.string(m, "name", what, true);
      if (name != null && !DNS_LABEL.matcher(name).matches()) {
        r.error(
            m.get("name").position(), "namespace name \"" + name + "\" is not a DNS-1123 label");
        continue;
      }
      out.add(
          new ClusterSettings.NamespacePolicy(
              name,
              enumValue(m, "enforce", PodSecurity.LEVELS, what + ".enforce"),
              enumValue(m, "audit", PodSecurity.LEVELS, what + ".audit"),
              enumValue(m, "warn", PodSecurity.LEVELS, what + ".warn"),
              r.string(m, "reason", what, false),
              m.position()));
    }
    return out;
  }

  private List<ClusterSettings.Subject> subjects(Node.MapNode rbac, String key) {
    List<ClusterSettings.Subject> out = new ArrayList<>();
    Node n = rbac == null ? null : rbac.get(key);
    if (n == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(n, "cluster.rbac." + key);
    if (seq == null) {
      return out;
    }
    for (Node item : seq.items()) {
      Node.MapNode m = r.map(item, "cluster.rbac." + key + "[]");
      if (m == null) {
        continue;
      }
      String what = "cluster.rbac." + key + "[]";
      r.onlyKeys(m, List.of("kind", "name", "namespace"), what);
      String kind = r.string(m, "kind", what, true);
      String name = r.string(m, "name", what, true);
      String ns = r.string(m, "namespace", what, false);
      if (kind != null && !List.of("User", "Group", "ServiceAccount").contains(kind)) {
        r.error(m.get("kind").position(), what + ".kind must be User, Group or ServiceAccount");
      } else if ("ServiceAccount".equals(kind) && ns == null) {
        r.error(m.position(), what + ": a ServiceAccount needs a namespace");
      } else if (!"ServiceAccount".equals(kind) && ns != null) {
        r.error(m.get("namespace").position(), what + ": only a ServiceAccount has a namespace");
      } else if (ns != null && !DNS_LABEL.matcher(ns).matches()) {
        r.error(
            m.get("namespace").position(),
            what + ": \"" + ns + "\" is not a valid namespace name (DNS-1123" + " label)");
      } else if (kind != null && name != null) {
        String why = RbacLint.subjectProblem(kind, name);
        if (why != null) {
          r.error(m.position(), what + ": " + why);
        } else {
          out.add(new ClusterSettings.Subject(kind, name, ns));
        }
      }
    }
    return List.copyOf(out);
  }
}
