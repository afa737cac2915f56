package dev.kubeharden.render;

import dev.kubeharden.controlplane.AuditPolicies;
import dev.kubeharden.controlplane.PodSecurity;
import dev.kubeharden.controlplane.Rbac;
import dev.kubeharden.model.ClusterSettings;
import dev.kubeharden.model.ResolvedProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the control-plane (audit policy, admission configuration, API server flags) and cluster/
 * artifacts.
 */
public final class ClusterRenderer {
  public static final String AUDIT_POLICY = "control-plane/etc/kubernetes/audit-policy.yaml";
  public static final String ADMISSION =
      "control-plane/etc/kubernetes/admission-configuration.yaml";
  public static final String FLAGS = "control-plane/kube-apiserver.flags";
  public static final String KUBEADM = "control-plane/kubeadm-clusterconfiguration.yaml";
  public static final String NAMESPACES = "cluster/namespaces.yaml";
  public static final String RBAC = "cluster/rbac.yaml";
  public static final String KUSTOMIZATION = "cluster/kustomization.yaml";

  static final String NODE_AUDIT_POLICY = "/etc/kubernetes/audit-policy.yaml";
  static final String NODE_ADMISSION = "/etc/kubernetes/admission-configuration.yaml";
  static final String DEFAULT_AUDIT_LOG = "/var/log/kubernetes/audit/audit.log";

  private final Templates templates;

  ClusterRenderer(Templates templates) {
    this.templates = templates;
  }

  void render(ResolvedProfile rp, Map<String, Object> common, Map<String, String> files) {
    ClusterSettings c = rp.cluster();
    Map<String, Object> base = new LinkedHashMap<>(common);
    for (String artifact : Report.ARTIFACT_ORDER) {
      List<String> ids = new ArrayList<>();
      rp.controls()
          .forEach(
              ctl -> {
                if (ctl.artifacts().contains(artifact)) {
                  ids.add(ctl.id());
                }
              });
      base.put(artifact + "Controls", ids.isEmpty() ? "none" : String.join(", ", ids));
    }
    String tier = c.auditTier() == null ? AuditPolicies.LEAN : c.auditTier();
    Map<String, Object> audit = new LinkedHashMap<>(base);
    audit.put("tier", tier);
    audit.put("body", body(AuditPolicies.policy(tier, c.auditRules())));
    files.put(AUDIT_POLICY, templates.render("control-plane/audit-policy.yaml.mustache", audit));

    Map<String, Object> admission = new LinkedHashMap<>(base);
    admission.put("psaVersion", PodSecurity.version(c, rp.version()));
    admission.put("pinned", !"latest".equals(c.psaVersion()));
    admission.put("body", body(PodSecurity.admissionConfiguration(c, rp.version())));
    files.put(
        ADMISSION,
        templates.render("control-plane/admission-configuration.yaml.mustache", admission));

    List<String[]> flags = apiServerFlags(c);
    Map<String, Object> f = new LinkedHashMap<>(base);
    List<Object> flagLines = new ArrayList<>();
    for (String[] kv : flags) {
      flagLines.add(Map.of("flag", "--" + kv[0] + "=" + kv[1]));
    }
    f.put("flags", flagLines);
    f.put("hasCertificateAuthority", c.kubeletCertificateAuthority() != null);
    files.put(FLAGS, templates.render("control-plane/kube-apiserver.flags.mustache", f));

    Map<String, Object> k = new LinkedHashMap<>(base);
    k.put("body", body(kubeadm(flags, c, rp.version().minor())));
    files.put(
        KUBEADM, templates.render("control-plane/kubeadm-clusterconfiguration.yaml.mustache", k));

    Map<String, Object> ns = new LinkedHashMap<>(base);
    List<Object> docs = new ArrayList<>();
    for (Map<String, Object> d : PodSecurity.namespaces(c, rp.version())) {
      docs.add(Map.of("body", body(d)));
    }
    ns.put("documents", docs);
    files.put(NAMESPACES, templates.render("cluster/namespaces.yaml.mustache", ns));

    Map<String, Object> rbac = new LinkedHashMap<>(base);
    List<Object> rdocs = new ArrayList<>();
    for (Map<String, Object> d : Rbac.objects(c)) {
      rdocs.add(Map.of("body", body(d)));
    }
    rbac.put("documents", rdocs);
    files.put(RBAC, templates.render("cluster/rbac.yaml.mustache", rbac));

    Map<String, Object> kust = new LinkedHashMap<>(base);
    kust.put("body", body(kustomization()));
    files.put(KUSTOMIZATION, templates.render("cluster/kustomization.yaml.mustache", kust));
  }

  /** Emitted YAML without its final newline (the template line supplies it). */
  private static String body(Object value) {
    String y = YamlEmitter.emit(value);
    return y.endsWith("\n") ? y.substring(0, y.length() - 1) : y;
  }

  /** The API server flags the bundle sets, in order, as name and value. */
  public static List<String[]> apiServerFlags(ClusterSettings c) {
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {"audit-policy-file", NODE_AUDIT_POLICY});
    out.add(
        new String[] {
          "audit-log-path", c.auditLogPath() == null ? DEFAULT_AUDIT_LOG : c.auditLogPath()
        });
    out.add(
        new String[] {
          "audit-log-maxage", String.valueOf(c.auditMaxAge() == null ? 30 : c.auditMaxAge())
        });
    out.add(
        new String[] {
          "audit-log-maxbackup",
          String.valueOf(c.auditMaxBackup() == null ? 10 : c.auditMaxBackup())
        });
    out.add(
        new String[] {
          "audit-log-maxsize", String.valueOf(c.auditMaxSize() == null ? 100 : c.auditMaxSize())
        });
    out.add(new String[] {"audit-log-format", "json"});
    out.add(new String[] {"admission-control-config-file", NODE_ADMISSION});
    out.add(new String[] {"authorization-mode", "Node,RBAC"});
    out.add(new String[] {"enable-admission-plugins", "NodeRestriction"});
    out.add(
        new String[] {
          "kubelet-client-certificate",
          c.kubeletClientCertificate() == null
              ? "/etc/kubernetes/pki/apiserver-kubelet-client.crt"
              : c.kubeletClientCertificate()
        });
    out.add(
        new String[] {
          "kubelet-client-key",
          c.kubeletClientKey() == null
              ? "/etc/kubernetes/pki/apiserver-kubelet-client.key"
              : c.kubeletClientKey()
        });
    if (c.kubeletCertificateAuthority() != null) {
      out.add(new String[] {"kubelet-certificate-authority", c.kubeletCertificateAuthority()});
    }
    return out;
  }

  /**
   * kubeadm ClusterConfiguration: v1beta4 (extraArgs as name/value list) from 1.31, v1beta3 (a map)
   * before.
   */
  private static Map<String, Object> kubeadm(List<String[]> flags, ClusterSettings c, int minor) {
    boolean v4 = minor >= 31;
    Object extraArgs;
    if (v4) {
      List<Object> args = new ArrayList<>();
      for (String[] kv : flags) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", kv[0]);
        a.put("value", kv[1]);
        args.add(a);
      }
      extraArgs = args;
    } else {
      Map<String, Object> args = new LinkedHashMap<>();
      flags.forEach(kv -> args.put(kv[0], kv[1]));
      extraArgs = args;
    }
    String logDir =
        (c.auditLogPath() == null ? DEFAULT_AUDIT_LOG : c.auditLogPath())
            .replaceFirst("/[^/]+$", "");
    List<Object> volumes = new ArrayList<>();
    volumes.add(volume("kubeharden-audit-policy", NODE_AUDIT_POLICY, true, "File"));
    volumes.add(volume("kubeharden-admission", NODE_ADMISSION, true, "File"));
    volumes.add(volume("kubeharden-audit-log", logDir, false, "DirectoryOrCreate"));
    Map<String, Object> api = new LinkedHashMap<>();
    api.put("extraArgs", extraArgs);
    api.put("extraVolumes", volumes);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("apiVersion", v4 ? "kubeadm.k8s.io/v1beta4" : "kubeadm.k8s.io/v1beta3");
    root.put("kind", "ClusterConfiguration");
    root.put("apiServer", api);
    return root;
  }

  private static Map<String, Object> volume(
      String name, String path, boolean readOnly, String type) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", name);
    v.put("hostPath", path);
    v.put("mountPath", path);
    v.put("readOnly", readOnly);
    v.put("pathType", type);
    return v;
  }

  private static Map<String, Object> kustomization() {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    k.put("kind", "Kustomization");
    k.put("resources", List.of("namespaces.yaml", "rbac.yaml"));
    return k;
  }
}
