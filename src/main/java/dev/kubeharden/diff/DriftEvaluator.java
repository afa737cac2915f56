package dev.kubeharden.diff;

import dev.kubeharden.inspect.EffectiveConfig;
import dev.kubeharden.inspect.Flag;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.ControlStatus;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.EffectiveValue;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.SuppressedFinding;
import dev.kubeharden.model.ValueSource;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.render.NodePaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a node's effective configuration with a resolved profile: every requirement of every
 * active control and every forbidden flag. Drifting fields become findings (one per field, naming
 * all its controls); controls whose checks all hold pass; controls with nothing a kubelet
 * configuration shows are not checked.
 */
final class DriftEvaluator {
  private static final String DROPIN_NAME =
      NodePaths.CONFIG_DROPIN.substring(NodePaths.CONFIG_DROPIN.lastIndexOf('/') + 1);

  private final ResolvedProfile profile;
  private final EffectiveConfig config;
  private final List<Control> controls;
  private final Map<String, Builder> byField = new LinkedHashMap<>();

  private DriftEvaluator(ResolvedProfile profile, EffectiveConfig config, List<Control> controls) {
    this.profile = profile;
    this.config = config;
    this.controls = controls;
  }

  private DriftEvaluator(ResolvedProfile profile, EffectiveConfig config) {
    this(profile, config, profile.controls());
  }

  /** The findings and control outcomes; {@code patch} may be null. */
  static dev.kubeharden.model.NodeDiff evaluate(
      String node, ResolvedProfile profile, EffectiveConfig config, String patch) {
    return evaluate(node, profile, config, null, patch);
  }

  /**
   * As above, with kube-bench's view of the node ({@code auditor}: the main config file and the
   * flags, no drop-ins; null when it equals the effective one): the CIS controls get a second
   * verdict, so a node that is secure but fails the audit is visible.
   */
  static dev.kubeharden.model.NodeDiff evaluate(
      String node,
      ResolvedProfile profile,
      EffectiveConfig config,
      EffectiveConfig auditor,
      String patch) {
    dev.kubeharden.model.NodeDiff d =
        new DriftEvaluator(profile, config).run(node, patch, Map.of());
    Map<String, ControlStatus.Status> verdicts = new LinkedHashMap<>();
    List<ControlStatus> seen =
        auditor == null
            ? d.controls()
            : new DriftEvaluator(profile, auditor).run(node, null, Map.of()).controls();
    for (ControlStatus c : seen) {
      if (c.id().startsWith("CIS-")) {
        verdicts.put(c.id(), c.status());
      }
    }
    return d.withAudit(verdicts, suppressed(node, profile, config));
  }

  /**
   * What the node breaks of the node controls that exceptions switched off, each with its
   * exception: checked like active controls, reported as suppressed. Nothing where the kubelet does
   * not start or the node cannot be read (the active controls say so).
   */
  private static List<SuppressedFinding> suppressed(
      String node, ResolvedProfile profile, EffectiveConfig config) {
    if (!config.starts() || config.unknownReason() != null || profile.disabled().isEmpty()) {
      return List.of();
    }
    Map<String, Disable> by = new LinkedHashMap<>();
    List<Control> off = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : profile.disabled()) {
      if ("node".equals(d.control().scope())) {
        off.add(d.control());
        by.put(d.control().id(), d.exception());
      }
    }
    List<SuppressedFinding> out = new ArrayList<>();
    for (Finding f :
        new DriftEvaluator(profile, config, off).run(node, null, Map.of()).findings()) {
      for (String id : f.controls()) {
        out.add(new SuppressedFinding(id, f, by.get(id)));
      }
    }
    return out;
  }

  private dev.kubeharden.model.NodeDiff run(
      String node, String patch, Map<String, ControlStatus.Status> auditor) {
    List<ControlStatus> statuses = new ArrayList<>();
    for (Control c : controls) {
      if (config.unknownReason() != null
          && "node".equals(c.scope())
          && !(c.requirements().isEmpty() && c.forbidFlags().isEmpty())) {
        statuses.add(
            status(
                c, ControlStatus.Status.UNKNOWN, List.of(), "unknown: " + config.unknownReason()));
        continue;
      }
      statuses.add(
          config.starts()
                  || !"node".equals(c.scope())
                  || (c.requirements().isEmpty() && c.forbidFlags().isEmpty())
              ? check(c)
              : status(
                  c,
                  ControlStatus.Status.UNKNOWN,
                  List.of(),
                  "the kubelet does not start, so it runs with nothing"));
    }
    List<Finding> findings = new ArrayList<>();
    byField.values().forEach(b -> findings.add(b.build()));
    findings.sort(
        java.util.Comparator.comparing(f -> -FindingControls.SEVERITIES.indexOf(f.severity())));
    return new dev.kubeharden.model.NodeDiff(
        node,
        config.inputs(),
        findings,
        statuses,
        config.notes(),
        patch,
        config.startFailures(),
        auditor,
        List.of(),
        false);
  }

  private ControlStatus check(Control c) {
    List<String> checks = new ArrayList<>();
    c.requirements().forEach(r -> checks.add(r.describe()));
    c.forbidFlags().forEach(f -> checks.add("--" + f + " not passed"));
    if (!"node".equals(c.scope())) {
      return status(
          c,
          ControlStatus.Status.NOT_CHECKED,
          checks,
          "scope " + c.scope() + ": not a kubelet setting");
    }
    if (checks.isEmpty()) {
      return status(
          c,
          ControlStatus.Status.NOT_CHECKED,
          checks,
          c.files().isEmpty()
              ? "nothing to compare"
              : "file modes and owners: check them on the node");
    }
    boolean failed = false;
    for (Requirement r : c.requirements()) {
      EffectiveValue v = config.lookup(r.path());
      if (!meets(r, v.value())) {
        failed = true;
        byField.computeIfAbsent(r.path(), p -> new Builder(p, v)).add(c, r.describe());
      }
    }
    for (String name : c.forbidFlags()) {
      Flag f = config.flag(name);
      if (f != null) {
        failed = true;
        EffectiveValue v =
            new EffectiveValue("--" + name, f.value(), ValueSource.FLAG, f.position());
        byField
            .computeIfAbsent("--" + name, p -> new Builder(p, v))
            .add(c, "--" + name + " not passed");
      }
    }
    return status(c, failed ? ControlStatus.Status.FAIL : ControlStatus.Status.PASS, checks, null);
  }

  /** A requirement check; a negative podPidsLimit means "no limit", which sets nothing. */
  private static boolean meets(Requirement r, Object value) {
    if (r.op() == Requirement.Op.PRESENT
        && "podPidsLimit".equals(r.path())
        && value instanceof Long n
        && n < 0) {
      return false;
    }
    return r.isMetBy(value);
  }

  private static ControlStatus status(
      Control c, ControlStatus.Status s, List<String> checks, String reason) {
    return new ControlStatus(c.id(), c.title(), c.severity(), s, List.copyOf(checks), reason);
  }

  /** Collects the controls of one drifting field. */
  private final class Builder {
    private final String field;
    private final EffectiveValue current;
    private final FindingControls named = new FindingControls();

    Builder(String field, EffectiveValue current) {
      this.field = field;
      this.current = current;
    }

    void add(Control c, String requirement) {
      named.add(c, requirement);
    }

    Finding build() {
      boolean flag = field.startsWith("-");
      Object hardened = flag ? null : ProfileResolver.valueAt(profile.config(), field);
      return new Finding(
          named.controls(),
          field,
          current.value(),
          current.source(),
          current.position(),
          hardened,
          named.requirements(),
          named.severity(),
          fixedBy(flag),
          action(flag));
    }

    private List<String> fixedBy(boolean flag) {
      return switch (flag ? ValueSource.FLAG : current.source()) {
        case FLAG -> List.of(NodePaths.SYSTEMD_DROPIN);
        case DROP_IN -> List.of(NodePaths.CONFIG_DROPIN);
        case LEGACY_DEFAULT -> List.of(NodePaths.STANDALONE_CONFIG, NodePaths.SYSTEMD_DROPIN);
        default -> List.of(NodePaths.CONFIG_DROPIN, NodePaths.KUBEADM_KUBELET_CONFIGURATION);
      };
    }

    private String action(boolean flag) {
      String where = file(current.position());
      if (flag) {
        return "remove "
            + field
            + " from "
            + where
            + " (20-kubeharden.conf passes only flags without a config field)";
      }
      return switch (current.source()) {
        case FLAG ->
            "remove the flag that sets it from "
                + where
                + " (a flag overrides every config file; 20-kubeharden.conf passes none with a config field)";
        case DROP_IN -> {
          String name = where.substring(where.lastIndexOf('/') + 1);
          yield name.compareTo(DROPIN_NAME) > 0
              ? "remove "
                  + field
                  + " from "
                  + where
                  + ": it sorts after "
                  + DROPIN_NAME
                  + " and overrides it"
              : "install "
                  + NodePaths.CONFIG_DROPIN
                  + ", which sorts after "
                  + name
                  + " and overrides it";
        }
        case LEGACY_DEFAULT ->
            "start the kubelet with --config (20-kubeharden.conf passes --config="
                + NodePaths.KUBELET_CONFIG
                + "): on kubeadm nodes kubeadm writes that file; elsewhere install "
                + NodePaths.STANDALONE_CONFIG;
        case CONFIGZ ->
            "install "
                + NodePaths.CONFIG_DROPIN
                + "; on kubeadm clusters also add "
                + NodePaths.KUBEADM_KUBELET_CONFIGURATION
                + " to kubeadm's configuration"
                + " (configz shows the running value, not the file that set it)";
        case FILE ->
            "set it in "
                + where
                + ": on kubeadm nodes through "
                + NodePaths.KUBEADM_KUBELET_CONFIGURATION
                + " (kubeadm rewrites config.yaml), or install "
                + NodePaths.CONFIG_DROPIN;
        default ->
            "set it explicitly: install "
                + NodePaths.CONFIG_DROPIN
                + "; on kubeadm clusters also add "
                + NodePaths.KUBEADM_KUBELET_CONFIGURATION
                + " to kubeadm's configuration";
      };
    }
  }

  private static String file(Position p) {
    return p.source();
  }
}
