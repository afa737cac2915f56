package dev.kubeharden.target;

import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.render.KubeletYaml;
import dev.kubeharden.render.YamlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RKE2 and k3s (1.32 and newer, which read kubelet configuration drop-ins): a config.yaml.d drop-in
 * with the keys (kubelet-arg config-dir=..., whose files RKE2/k3s copy into their kubelet.conf.d
 * after their own 00-*-defaults.conf; protect-kernel-defaults; the API server's audit and admission
 * files), the KubeletConfiguration drop-in itself, the audit policy and admission configuration,
 * and the sysctl file. Nothing sets "profile: cis": on RKE2 it also demands an etcd user and kernel
 * settings, and refuses to start without them.
 */
abstract class RancherTarget implements Target {
  /** rke2 or k3s: the program's name in its paths. */
  abstract String program();

  /**
   * The config.yaml keys that carry the API server's audit policy and admission configuration: RKE2
   * has its own keys (audit-policy-file, pod-security-admission-config-file); k3s takes
   * kube-apiserver-arg.
   */
  abstract boolean hasOwnAuditKeys();

  String etc() {
    return "/etc/rancher/" + program();
  }

  String configDropIn() {
    return program() + etc() + "/config.yaml.d/50-kubeharden.yaml";
  }

  String kubeletDropIn() {
    return program() + etc() + "/kubelet.conf.d/50-kubeharden.conf";
  }

  String auditPolicy() {
    return program() + etc() + "/kubeharden-audit-policy.yaml";
  }

  String admission() {
    return program() + etc() + "/kubeharden-admission.yaml";
  }

  String sysctl() {
    return program() + "/etc/sysctl.d/90-kubeharden.conf";
  }

  @Override
  public List<String> carrierFiles() {
    return List.of(configDropIn(), kubeletDropIn(), auditPolicy(), admission(), sysctl());
  }

  @Override
  public Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared) {
    Map<String, String> out = new LinkedHashMap<>();
    StringBuilder cfg = new StringBuilder();
    cfg.append(Shared.header("#", rp, program() + " configuration drop-in"))
        .append("# Install as ")
        .append(etc())
        .append(
            "/config.yaml.d/50-kubeharden.yaml on every node, with the files beside it, and restart ")
        .append(program())
        .append(".\n# Needs ")
        .append(program())
        .append(" v1.32 or newer (kubelet configuration drop-ins).\n")
        .append("kubelet-arg+:\n  - ")
        .append(YamlText.scalar("config-dir=" + etc() + "/kubelet.conf.d"))
        .append('\n');
    if (Boolean.TRUE.equals(rp.value("protectKernelDefaults"))) {
      cfg.append("protect-kernel-defaults: true\n");
    }
    String policy = "/" + auditPolicy().substring(program().length() + 1);
    String adm = "/" + admission().substring(program().length() + 1);
    if (hasOwnAuditKeys()) {
      cfg.append("audit-policy-file: ").append(YamlText.scalar(policy)).append('\n');
      cfg.append("pod-security-admission-config-file: ").append(YamlText.scalar(adm)).append('\n');
    } else {
      List<String> args = new ArrayList<>();
      args.add("audit-policy-file=" + policy);
      args.add("audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log");
      for (String[] f : Shared.apiServerFlags(shared)) {
        if (f[0].startsWith("audit-log-max") || f[0].equals("audit-log-format")) {
          args.add(f[0] + "=" + f[1]);
        }
      }
      args.add("admission-control-config-file=" + adm);
      cfg.append("kube-apiserver-arg+:\n");
      args.forEach(a -> cfg.append("  - ").append(YamlText.scalar(a)).append('\n'));
    }
    out.put(configDropIn(), cfg.toString());
    Map<String, ResolvedSetting> carried = configCarried(hardening);
    out.put(
        kubeletDropIn(),
        Shared.header("#", rp, "KubeletConfiguration drop-in for " + program())
            + "# "
            + program()
            + " copies it into its kubelet.conf.d after its own 00-"
            + program()
            + "-defaults.conf, so it overrides those defaults.\n"
            + KubeletYaml.of(carried, 0, true));
    out.put(auditPolicy(), Shared.auditPolicy(shared));
    out.put(admission(), Shared.admission(shared));
    String sysctl = Shared.sysctl(shared);
    if (sysctl != null) {
      out.put(sysctl(), sysctl);
    }
    return out;
  }

  /**
   * protectKernelDefaults goes by the protect-kernel-defaults key, which writes it into
   * 00-*-defaults.
   */
  @Override
  public Map<String, ResolvedSetting> configCarried(Map<String, ResolvedSetting> hardening) {
    Map<String, ResolvedSetting> out = new LinkedHashMap<>(Target.super.configCarried(hardening));
    out.remove("protectKernelDefaults");
    return out;
  }

  @Override
  public Object kubeletIn(String path, Map<String, Object> doc) {
    return path.equals(kubeletDropIn()) ? doc : null;
  }
}
