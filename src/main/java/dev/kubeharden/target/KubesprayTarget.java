package dev.kubeharden.target;

import dev.kubeharden.model.Facts;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.render.KubeletYaml;
import dev.kubeharden.render.YamlText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubespray (kubernetes-sigs/kubespray v2.31): inventory group_vars with Kubespray's own typed
 * variables (facts/targets/kubespray-kubelet.tsv, from
 * roles/kubernetes/node/templates/kubelet-config.v1beta1.yaml.j2), and kubelet_config_extra_args
 * for the fields it has no variable for. Re-run cluster.yml (or upgrade-cluster.yml) to apply.
 */
final class KubesprayTarget implements Target {
  static final String FILE = "kubespray/group_vars/k8s_cluster/kubeharden.yml";
  private static final Map<String, String> VARIABLES = load();
  private static final Map<String, String> RESERVED =
      Map.of(
          "cpu", "cpu", "memory", "memory", "ephemeral-storage", "ephemeral_storage", "pid", "pid");

  @Override
  public String name() {
    return "kubespray";
  }

  @Override
  public String title() {
    return "Kubespray: group_vars/k8s_cluster variables and kubelet_config_extra_args";
  }

  @Override
  public List<String> carrierFiles() {
    return List.of(FILE);
  }

  @Override
  public Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared) {
    StringBuilder sb = new StringBuilder();
    sb.append(Shared.header("#", rp, "Kubespray group_vars"))
        .append(
            "# Put it in inventory/<cluster>/group_vars/k8s_cluster/ and re-run cluster.yml.\n");
    Map<String, ResolvedSetting> extra = configCarried(hardening);
    for (Map.Entry<String, ResolvedSetting> e : hardening.entrySet()) {
      Object v = e.getValue().value();
      String var = VARIABLES.get(e.getKey());
      if (extra.containsKey(e.getKey())
          || carrier(e.getKey()).kind() != Expressibility.Kind.FIELD) {
        continue; // in kubelet_config_extra_args below, or a gap the report lists
      }
      if (e.getKey().equals("featureGates") && v instanceof Map<?, ?> m) {
        sb.append("kubelet_feature_gates:\n");
        m.forEach((k, x) -> sb.append("  - ").append(YamlText.scalar(k + "=" + x)).append('\n'));
      } else if ((e.getKey().equals("kubeReserved") || e.getKey().equals("systemReserved"))
          && v instanceof Map<?, ?> m) {
        String prefix = e.getKey().equals("kubeReserved") ? "kube_" : "system_";
        m.forEach(
            (k, x) -> {
              String r = RESERVED.get(String.valueOf(k));
              if (r != null) {
                sb.append(prefix)
                    .append(r)
                    .append("_reserved: ")
                    .append(YamlText.scalar(x))
                    .append('\n');
              }
            });
      } else if (e.getKey().equals("authorization.mode")) {
        sb.append(var).append(": ").append("Webhook".equals(v)).append('\n');
      } else if (e.getKey().equals("enforceNodeAllocatable") && v instanceof List<?> l) {
        sb.append(var)
            .append(": ")
            .append(YamlText.scalar(String.join(",", l.stream().map(String::valueOf).toList())));
        sb.append('\n');
      } else if (v instanceof List<?> l) {
        if (e.getKey().equals("tlsCipherSuites")) {
          sb.append("# tls_cipher_suites also sets etcd's and the API server's suites.\n");
        }
        sb.append(var).append(":\n");
        l.forEach(x -> sb.append("  - ").append(YamlText.scalar(x)).append('\n'));
      } else {
        sb.append(var).append(": ").append(YamlText.scalar(v)).append('\n');
      }
    }
    if (!extra.isEmpty()) {
      sb.append("kubelet_config_extra_args:\n").append(KubeletYaml.of(extra, 2, false));
    }
    return Map.of(FILE, sb.toString());
  }

  /** KubeletConfiguration path to the variable that writes it, where it is one plain variable. */
  private static Map<String, String> load() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] row : Facts.rows("targets/kubespray-kubelet.tsv")) {
      if (row.length >= 2) {
        String var = row[1].split(" ", -1)[0].replace(",", "");
        if (var.matches("[a-z_][a-z0-9_]*")) {
          out.put(row[0], var);
        }
      }
    }
    return out;
  }

  /**
   * What goes into kubelet_config_extra_args: fields the matrix carries as configuration, and typed
   * fields Kubespray has no single variable for.
   */
  @Override
  public Map<String, ResolvedSetting> configCarried(Map<String, ResolvedSetting> hardening) {
    Map<String, ResolvedSetting> out = new LinkedHashMap<>();
    hardening.forEach(
        (k, v) -> {
          Expressibility.Kind kind = carrier(k).kind();
          if (kind == Expressibility.Kind.CONFIG
              || (kind == Expressibility.Kind.FIELD && !VARIABLES.containsKey(k))) {
            out.put(k, v);
          }
        });
    return out;
  }

  @Override
  public Object kubeletIn(String path, Map<String, Object> doc) {
    return doc.get("kubelet_config_extra_args");
  }
}
