package dev.kubeharden.target;

import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.render.KubeletYaml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talos: the KubeletConfig document (v1alpha1, Talos 1.14 and newer: its config map) and, for older
 * Talos, a machine.kubelet.extraConfig strategic-merge patch of the machine config. Fields Talos
 * protects (pkg/machinery/kubelet ProtectedConfigurationFields) are Talos-managed: the matrix says
 * what Talos writes.
 */
final class TalosTarget implements Target {
  static final String KUBELET_CONFIG = "talos/kubeletconfig.yaml";
  static final String MACHINE_PATCH = "talos/machine-kubelet-patch.yaml";

  @Override
  public String name() {
    return "talos";
  }

  @Override
  public String title() {
    return "Talos: KubeletConfig document (1.14+) and a machine.kubelet.extraConfig patch (older)";
  }

  /**
   * Talos serves the kubelet API with tlsMinVersion VersionTLS13 by default (kubelet_spec.go),
   * under which Go ignores tlsCipherSuites: a profile asking for TLS 1.2 would lower it, so Talos
   * keeps its default.
   */
  @Override
  public Expressibility.Carrier carrier(String field, Map<String, ResolvedSetting> hardening) {
    ResolvedSetting min = hardening.get("tlsMinVersion");
    boolean weaker = min != null && !"VersionTLS13".equals(min.value());
    if (weaker && (field.equals("tlsMinVersion") || field.equals("tlsCipherSuites"))) {
      return new Expressibility.Carrier(
          Expressibility.Kind.PROVIDER_MANAGED,
          "Talos defaults tlsMinVersion to VersionTLS13, stricter than the profile's "
              + min.value()
              + ", and Go applies no cipher suite list to TLS 1.3: kubeharden keeps Talos' default");
    }
    return carrier(field);
  }

  @Override
  public List<String> carrierFiles() {
    return List.of(KUBELET_CONFIG, MACHINE_PATCH);
  }

  @Override
  public Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared) {
    Map<String, ResolvedSetting> carried = configCarried(hardening);
    Map<String, String> out = new LinkedHashMap<>();
    out.put(
        KUBELET_CONFIG,
        Shared.header("#", rp, "Talos KubeletConfig patch (Talos 1.14 and newer)")
            + "# Apply with \"talosctl patch machineconfig --patch @kubeletconfig.yaml\" or add it to the\n"
            + "# machine config; Talos restarts the kubelet.\n"
            + "apiVersion: v1alpha1\n"
            + "kind: KubeletConfig\n"
            + "config:\n"
            + KubeletYaml.of(carried, 2, false));
    out.put(
        MACHINE_PATCH,
        Shared.header("#", rp, "Talos machine config patch (before Talos 1.14)")
            + "# Apply with \"talosctl patch machineconfig --patch @machine-kubelet-patch.yaml\".\n"
            + "machine:\n"
            + "  kubelet:\n"
            + "    extraConfig:\n"
            + KubeletYaml.of(carried, 6, false));
    return out;
  }

  @Override
  public Object kubeletIn(String path, Map<String, Object> doc) {
    return path.equals(MACHINE_PATCH)
        ? Shared.at(doc, "machine", "kubelet", "extraConfig")
        : Shared.at(doc, "config");
  }
}
