package dev.kubeharden.model;

import java.util.List;
import java.util.Map;

/**
 * The outcome of layering profiles for one Kubernetes minor: the final KubeletConfiguration, the
 * controls behind it, and everything the report must say.
 *
 * @param name the display name of the request ("cis", "cis-1.12+strict")
 * @param chain the profiles applied, parents first
 * @param notes facts for the report, such as how an alias was resolved
 * @param config final leaves in schema order
 * @param flags kubelet flags without a config twin, for the systemd drop-in
 * @param variables final variable values, as text
 * @param exceptions every exception declared, in layer order, and what it did
 */
public record ResolvedProfile(
    String name,
    List<String> chain,
    KubeVersion version,
    List<String> notes,
    List<Control> controls,
    List<DisabledControl> disabled,
    List<NotApplicable> notApplicable,
    Map<String, ResolvedSetting> config,
    Map<String, String> flags,
    Map<String, String> variables,
    List<FileRule> files,
    ClusterSettings cluster,
    List<String> warnings,
    List<ExceptionUse> exceptions) {

  public ResolvedProfile {
    chain = Copies.list(chain);
    notes = Copies.list(notes);
    controls = Copies.list(controls);
    disabled = Copies.list(disabled);
    notApplicable = Copies.list(notApplicable);
    config = Copies.map(config);
    flags = Copies.map(flags);
    variables = Copies.map(variables);
    files = Copies.list(files);
    warnings = Copies.list(warnings);
    exceptions = Copies.list(exceptions);
  }

  /** This resolution with another final KubeletConfiguration. */
  public ResolvedProfile withConfig(Map<String, ResolvedSetting> config) {
    return with(notes, controls, config);
  }

  /** This resolution with other notes and other active controls. */
  public ResolvedProfile withControls(List<String> notes, List<Control> controls) {
    return with(notes, controls, config);
  }

  private ResolvedProfile with(
      List<String> notes, List<Control> controls, Map<String, ResolvedSetting> config) {
    return new ResolvedProfile(
        name,
        chain,
        version,
        notes,
        controls,
        disabled,
        notApplicable,
        config,
        flags,
        variables,
        files,
        cluster,
        warnings,
        exceptions);
  }

  /** A control switched off, and the exception in force that did it. */
  public record DisabledControl(Control control, Disable exception) {
    public String reason() {
      return exception.reason();
    }

    /** The layer that disabled it: a profile name, or the inventory. */
    public String by() {
      return exception.profile();
    }
  }

  public record NotApplicable(Control control, String reason) {}

  /**
   * The settings that controls require (in schema order): what the --config-dir fragment, the
   * kubeadm carriers and every target carry.
   */
  public Map<String, ResolvedSetting> hardening() {
    Map<String, ResolvedSetting> out = new java.util.LinkedHashMap<>();
    config.forEach(
        (k, v) -> {
          if (!v.controls().isEmpty()) {
            out.put(k, v);
          }
        });
    return out;
  }

  public Object value(String path) {
    ResolvedSetting s = config.get(path);
    return s == null ? null : s.value();
  }
}
