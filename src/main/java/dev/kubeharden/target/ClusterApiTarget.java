package dev.kubeharden.target;

import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.render.KubeletYaml;
import dev.kubeharden.render.YamlText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster API (kubernetes-sigs/cluster-api v1.11+, API v1beta2): a KubeadmConfigTemplate for the
 * workers and a KubeadmControlPlane for the control plane. Both carry the kubelet hardening as a
 * kubeadm patch file in files[] (0600, root:root) that {init,join}Configuration.patches.directory
 * points at (kubeadm 1.25+); the control plane also gets the audit policy, the admission
 * configuration and the API server's extraArgs (v1beta2: a list of name/value) and extraVolumes.
 * Changing a template rolls the machines that use it.
 */
final class ClusterApiTarget implements Target {
  static final String WORKERS = "cluster-api/kubeadmconfigtemplate.yaml";
  static final String CONTROL_PLANE = "cluster-api/kubeadmcontrolplane.yaml";
  static final String PATCH_DIR = "/etc/kubernetes/patches";
  static final String PATCH_FILE = PATCH_DIR + "/kubeletconfiguration0+strategic.yaml";

  @Override
  public String name() {
    return "cluster-api";
  }

  @Override
  public String title() {
    return "Cluster API v1beta2: KubeadmConfigTemplate and KubeadmControlPlane with a kubeadm patch file";
  }

  @Override
  public List<String> carrierFiles() {
    return List.of(WORKERS, CONTROL_PLANE);
  }

  @Override
  public Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared) {
    String patch = KubeletYaml.of(configCarried(hardening), 0, true);
    Map<String, String> out = new LinkedHashMap<>();
    StringBuilder workers = new StringBuilder();
    workers
        .append(Shared.header("#", rp, "Cluster API KubeadmConfigTemplate for worker machines"))
        .append(
            "# Merge spec.template.spec into your workers' KubeadmConfigTemplate (set metadata.name to it).\n")
        .append("# A changed template rolls the MachineDeployments that use it.\n")
        .append("apiVersion: bootstrap.cluster.x-k8s.io/v1beta2\n")
        .append("kind: KubeadmConfigTemplate\n")
        .append("metadata:\n  name: kubeharden-workers\n")
        .append("spec:\n  template:\n    spec:\n      files:\n");
    appendFile(workers, 8, PATCH_FILE, patch);
    workers
        .append("      joinConfiguration:\n        patches:\n          directory: ")
        .append(PATCH_DIR)
        .append('\n');
    out.put(WORKERS, workers.toString());
    StringBuilder cp = new StringBuilder();
    cp.append(Shared.header("#", rp, "Cluster API KubeadmControlPlane for control-plane machines"))
        .append(
            "# Merge spec.kubeadmConfigSpec into your KubeadmControlPlane (set metadata.name to it).\n")
        .append("# A changed spec rolls the control-plane machines one by one.\n")
        .append("apiVersion: controlplane.cluster.x-k8s.io/v1beta2\n")
        .append("kind: KubeadmControlPlane\n")
        .append("metadata:\n  name: kubeharden-control-plane\n")
        .append("spec:\n  kubeadmConfigSpec:\n    files:\n");
    appendFile(cp, 6, PATCH_FILE, patch);
    appendFile(cp, 6, "/etc/kubernetes/audit-policy.yaml", Shared.auditPolicy(shared));
    appendFile(cp, 6, "/etc/kubernetes/admission-configuration.yaml", Shared.admission(shared));
    cp.append("    clusterConfiguration:\n      apiServer:\n        extraArgs:\n");
    for (String[] f : Shared.apiServerFlags(shared)) {
      cp.append("          - name: ")
          .append(YamlText.scalar(f[0]))
          .append("\n            value: ")
          .append(YamlText.scalar(f[1]))
          .append('\n');
    }
    cp.append("        extraVolumes:\n");
    volume(cp, "kubeharden-audit-policy", "/etc/kubernetes/audit-policy.yaml", true, "File");
    volume(
        cp, "kubeharden-admission", "/etc/kubernetes/admission-configuration.yaml", true, "File");
    volume(cp, "kubeharden-audit-log", "/var/log/kubernetes/audit", false, "DirectoryOrCreate");
    cp.append("    initConfiguration:\n      patches:\n        directory: ")
        .append(PATCH_DIR)
        .append("\n    joinConfiguration:\n      patches:\n        directory: ")
        .append(PATCH_DIR)
        .append('\n');
    out.put(CONTROL_PLANE, cp.toString());
    return out;
  }

  private static void appendFile(StringBuilder sb, int indent, String path, String content) {
    if (content == null) {
      return;
    }
    String pad = " ".repeat(indent);
    sb.append(pad)
        .append("- path: ")
        .append(path)
        .append('\n')
        .append(pad)
        .append("  owner: root:root\n")
        .append(pad)
        .append("  permissions: \"0600\"\n")
        .append(pad)
        .append("  content: |\n")
        .append(Shared.indent(content, indent + 4));
  }

  private static void volume(
      StringBuilder sb, String name, String path, boolean readOnly, String type) {
    sb.append("          - name: ")
        .append(name)
        .append("\n            hostPath: ")
        .append(path)
        .append("\n            mountPath: ")
        .append(path)
        .append("\n            readOnly: ")
        .append(readOnly)
        .append("\n            pathType: ")
        .append(type)
        .append('\n');
  }

  @Override
  public Object kubeletIn(String path, Map<String, Object> doc) {
    Object files =
        path.equals(WORKERS)
            ? Shared.at(doc, "spec", "template", "spec", "files")
            : Shared.at(doc, "spec", "kubeadmConfigSpec", "files");
    return Shared.at(Shared.first(files), "content");
  }
}
