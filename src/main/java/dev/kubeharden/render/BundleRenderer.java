package dev.kubeharden.render;

import dev.kubeharden.kubelet.KernelTunables;
import dev.kubeharden.kubelet.NodeStartup;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a resolved profile into the node bundle and its report, through the templates. */
public final class BundleRenderer {
  /**
   * The sysctls the kubelet checks when protectKernelDefaults is true
   * (pkg/kubelet/cm/container_manager_linux).
   */
  /** The sysctls protectKernelDefaults checks (facts/kernel-sysctls.tsv). */
  public static final Map<String, String> KERNEL_SYSCTLS = KernelTunables.SYSCTLS;

  private final Templates templates;

  public BundleRenderer(Templates templates) {
    this.templates = templates;
  }

  public Bundle render(ResolvedProfile rp) {
    return render(rp, true);
  }

  /**
   * The node bundle; without REPORT.md and report.json when {@code withReports} is false (a caller
   * that adds files renders the reports itself, once, with {@link #withReports}).
   */
  public Bundle render(ResolvedProfile rp, boolean withReports) {
    Map<String, String> files = new LinkedHashMap<>();
    Map<String, Object> base = header(rp);
    Map<String, Object> cfg = new LinkedHashMap<>(base);
    cfg.put("lines", ConfigLines.of(rp.config()));
    files.put(
        NodePaths.STANDALONE_CONFIG,
        templates.render("standalone/kubelet-config.yaml.mustache", cfg));

    Map<String, ResolvedSetting> hardening = rp.hardening();
    NodeStartup.Outcome startup = NodeStartup.check(rp, true, hardening.keySet());
    if (!startup.problems().isEmpty()) {
      throw new InvalidInputException(startup.problems());
    }
    Map<String, Object> dropin = new LinkedHashMap<>(base);
    dropin.put("lines", ConfigLines.of(hardening));
    dropin.put("alphaDropIn", rp.version().configDirIsAlpha());
    files.put(
        NodePaths.inBundle(NodePaths.CONFIG_DROPIN),
        templates.render("node/kubelet-dropin.conf.mustache", dropin));
    files.put(
        NodePaths.KUBEADM_KUBELET_CONFIGURATION,
        templates.render("kubeadm/kubelet-configuration.yaml.mustache", dropin));
    files.put(
        NodePaths.KUBEADM_KUBELET_PATCH,
        templates.render("kubeadm/kubeletconfiguration+strategic.yaml.mustache", dropin));

    files.put(
        NodePaths.inBundle(NodePaths.SYSTEMD_DROPIN),
        templates.render("node/kubelet-systemd-dropin.conf.mustache", systemd(rp, base)));

    if (Boolean.TRUE.equals(rp.value("protectKernelDefaults"))) {
      Map<String, Object> s = new LinkedHashMap<>(base);
      List<Map<String, Object>> entries = new ArrayList<>();
      KERNEL_SYSCTLS.forEach((k, v) -> entries.add(Map.of("key", k, "value", v)));
      s.put("sysctls", entries);
      files.put(
          NodePaths.inBundle(NodePaths.SYSCTL), templates.render("node/sysctl.conf.mustache", s));
    }
    Map<String, Object> t = new LinkedHashMap<>(base);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (FileRule f : rp.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("mode", f.mode());
      m.put("owner", f.owner());
      m.put("group", f.group());
      m.put("controls", String.join(", ", controlsFor(rp, f.path())));
      rules.add(m);
    }
    t.put("files", rules);
    files.put(
        NodePaths.inBundle(NodePaths.TMPFILES), templates.render("node/tmpfiles.conf.mustache", t));

    new ClusterRenderer(templates).render(rp, base, files);
    return withReports
        ? withReports(rp, files, startup.userProvides(), List.of(), Map.of())
        : new Bundle(files);
  }

  /**
   * The bundle of {@code files} with its REPORT.md and report.json, generated for {@code targets}
   * (empty: the node bundle alone), with what each target cannot carry ({@code gaps}, one line per
   * setting). The bundle keeps the hashes of report.json's manifest.
   */
  public Bundle withReports(
      ResolvedProfile rp,
      Map<String, String> files,
      List<String> targets,
      Map<String, List<String>> gaps) {
    return withReports(
        rp,
        files,
        NodeStartup.check(rp, true, rp.hardening().keySet()).userProvides(),
        targets,
        gaps);
  }

  private Bundle withReports(
      ResolvedProfile rp,
      Map<String, String> files,
      Map<String, List<String>> userProvides,
      List<String> targets,
      Map<String, List<String>> gaps) {
    Report report = new Report(rp, files.keySet(), userProvides, targets, gaps);
    Map<String, String> all = new LinkedHashMap<>(files);
    all.put(
        NodePaths.REPORT_MD,
        templates.render("REPORT.md.mustache", report.markdownScope(header(rp))));
    Map<String, String> manifest = Manifest.of(all, NodePaths.REPORT_JSON);
    all.put(NodePaths.REPORT_JSON, Json.write(report.json(manifest)));
    return new Bundle(all, manifest);
  }

  static Map<String, Object> header(ResolvedProfile rp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("profile", rp.name());
    m.put("chain", String.join(", ", rp.chain()));
    m.put("kubernetesVersion", rp.version().toString());
    List<Map<String, Object>> exceptions = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      if (Profile.INVENTORY_LAYER.equals(d.by())) {
        exceptions.add(
            Map.of("id", d.control().id(), "reason", d.reason().replaceAll("\\s+", " ")));
      }
    }
    m.put("exceptions", exceptions);
    return m;
  }

  private Map<String, Object> systemd(ResolvedProfile rp, Map<String, Object> base) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    m.put("alphaDropIn", rp.version().configDirIsAlpha());
    m.put("configPath", NodePaths.KUBELET_CONFIG);
    m.put("configDir", NodePaths.CONFIG_DIR);
    m.put("kubeletPath", variable(rp, "kubeletPath", "/usr/bin/kubelet"));
    m.put("kubeconfig", variable(rp, "kubeconfig", "/etc/kubernetes/kubelet.conf"));
    m.put(
        "bootstrapKubeconfig",
        variable(rp, "bootstrapKubeconfig", "/etc/kubernetes/bootstrap-kubelet.conf"));
    List<String> flags = new ArrayList<>();
    rp.flags().forEach((k, v) -> flags.add("--" + k + "=" + v));
    m.put("flags", String.join(" ", flags));
    m.put("hasFlags", !flags.isEmpty());
    List<String> forbidden = new ArrayList<>();
    for (Control c : rp.controls()) {
      for (String f : c.forbidFlags()) {
        forbidden.add("--" + f + " (" + c.id() + ")");
      }
    }
    m.put("forbidden", String.join(", ", forbidden));
    m.put("chmods", chmods(rp.files()));
    m.put("hasForbidden", !forbidden.isEmpty());
    return m;
  }

  /**
   * One {@code chmod} per maximum mode that clears the bits the mode does not allow. A control's
   * mode is a maximum ("600 or more restrictive"): symbolic removal never loosens a stricter file,
   * where a tmpfiles "z" line would set the mode exactly (tmpfiles.d(5)). Run before every kubelet
   * start, it also repairs the 0644 kubeadm gives config.yaml on each upgrade.
   */
  static List<Map<String, Object>> chmods(List<FileRule> rules) {
    Map<String, List<String>> byMode = new java.util.TreeMap<>();
    for (FileRule f : rules) {
      byMode.computeIfAbsent(f.mode(), k -> new ArrayList<>()).add(f.path());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    byMode.forEach(
        (mode, paths) -> {
          int max = Integer.parseInt(mode, 8);
          List<String> clauses = new ArrayList<>();
          String[] who = {"u", "g", "o"};
          for (int i = 0; i < 3; i++) {
            int allowed = (max >> (6 - 3 * i)) & 7;
            StringBuilder clear = new StringBuilder();
            if ((allowed & 4) == 0) {
              clear.append('r');
            }
            if ((allowed & 2) == 0) {
              clear.append('w');
            }
            if ((allowed & 1) == 0) {
              clear.append('x');
            }
            if (clear.length() > 0) {
              clauses.add(who[i] + "-" + clear);
            }
          }
          if ((max & 07000) == 0) {
            clauses.add("a-st");
          }
          if (!clauses.isEmpty()) {
            out.add(
                Map.of(
                    "mode",
                    mode,
                    "spec",
                    String.join(",", clauses),
                    "paths",
                    String.join(" ", paths)));
          }
        });
    return out;
  }

  private static String variable(ResolvedProfile rp, String name, String dflt) {
    String v = rp.variables().get(name);
    return v == null ? dflt : v;
  }

  static List<String> controlsFor(ResolvedProfile rp, String path) {
    List<String> ids = new ArrayList<>();
    for (Control c : rp.controls()) {
      for (FileRule f : c.files()) {
        if (f.path().equals(path)) {
          ids.add(c.id());
        }
      }
    }
    return ids;
  }

  static String settingText(ResolvedSetting s) {
    return s.path() + " = " + Values.show(s.value());
  }
}
