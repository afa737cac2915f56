package dev.kubeharden.diff;

import dev.kubeharden.controlplane.AuditPolicyValidator;
import dev.kubeharden.controlplane.PodSecurity;
import dev.kubeharden.inspect.ClusterView;
import dev.kubeharden.inspect.Flag;
import dev.kubeharden.model.ClusterSettings;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.ControlStatus;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Facts;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.SuppressedFinding;
import dev.kubeharden.model.ValueSource;
import dev.kubeharden.render.ClusterRenderer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster section of a diff: the profile's control-plane and cluster controls checked against
 * the cluster inputs given (API server flags, audit policy, namespaces), by the rows of {@code
 * facts/cluster-checks.tsv}. Findings carry the control ids, the severity and the fix as a node's
 * do, so every format reports them and {@code --fail-on} counts them; a control an exception
 * switched off gives suppressed findings instead.
 */
final class ClusterEvaluator {
  /** The section's name in reports. */
  static final String NAME = "cluster";

  private static final String LABEL = PodSecurity.LABEL + "enforce";

  /** One row of facts/cluster-checks.tsv. */
  record Check(
      String control,
      String input,
      String name,
      String op,
      String value,
      String dflt,
      String unless) {
    boolean appliesTo(String id) {
      if (control.startsWith("CIS:")) {
        return id.startsWith("CIS-")
            && id.substring(id.indexOf(':') + 1).equals(control.substring(4));
      }
      return control.equals(id);
    }

    String describe() {
      String flag = "--" + name;
      return switch (input) {
        case "audit" ->
            name.equals("minimal")
                ? "an audit policy with a rule that logs"
                : "audit policy: credentials only at Metadata, kubelet traffic logged";
        case "namespaces" -> "every namespace's " + LABEL + " at least the profile's level";
        default ->
            switch (op) {
              case "set" -> flag + " set";
              case "eq" -> flag + " = " + value;
              case "has" -> flag + " includes " + value;
              case "nothave" -> flag + " excludes " + value;
              case "gte" -> flag + " >= " + value;
              default -> throw new IllegalStateException("unknown op " + op);
            };
      };
    }
  }

  private static final List<Check> CHECKS = load();

  private static List<Check> load() {
    List<Check> out = new ArrayList<>();
    for (String[] r : Facts.rows("cluster-checks.tsv")) {
      out.add(new Check(r[0], r[1], r[2], r[3], r[4], r[5], r[6]));
    }
    return List.copyOf(out);
  }

  private final ResolvedProfile profile;
  private final ClusterView view;
  private final Map<String, String> hardenedFlags = new LinkedHashMap<>();

  /** Findings by key (one per drifting flag, audit problem or namespace), with their controls. */
  private final Map<String, Builder> findings = new LinkedHashMap<>();

  private final List<String> notes = new ArrayList<>();

  private ClusterEvaluator(ResolvedProfile profile, ClusterView view) {
    this.profile = profile;
    this.view = view;
    for (String[] kv : ClusterRenderer.apiServerFlags(profile.cluster())) {
      hardenedFlags.put(kv[0], kv[1]);
    }
  }

  /** The cluster section of {@code profile} against {@code view}. */
  static NodeDiff evaluate(ResolvedProfile profile, ClusterView view) {
    ClusterEvaluator active = new ClusterEvaluator(profile, view);
    List<ControlStatus> statuses = new ArrayList<>();
    for (Control c : profile.controls()) {
      if (inSection(c)) {
        statuses.add(active.check(c));
      }
    }
    List<Finding> out = active.build();
    out.sort(Comparator.comparing(f -> -FindingControls.SEVERITIES.indexOf(f.severity())));

    List<SuppressedFinding> suppressed = new ArrayList<>();
    ClusterEvaluator off = new ClusterEvaluator(profile, view);
    Map<String, Disable> by = new LinkedHashMap<>();
    for (ResolvedProfile.DisabledControl d : profile.disabled()) {
      if (inSection(d.control())) {
        off.check(d.control());
        by.put(d.control().id(), d.exception());
      }
    }
    for (Finding f : off.build()) {
      for (String id : f.controls()) {
        suppressed.add(new SuppressedFinding(id, f, by.get(id)));
      }
    }
    return new NodeDiff(
        NAME,
        view.inputs(),
        out,
        statuses,
        List.copyOf(new LinkedHashSet<>(active.notes)),
        null,
        List.of(),
        Map.of(),
        suppressed,
        true);
  }

  /** Control-plane and cluster controls; node and process ones are the nodes' sections'. */
  private static boolean inSection(Control c) {
    return "control-plane".equals(c.scope()) || "cluster".equals(c.scope());
  }

  private List<Finding> build() {
    List<Finding> out = new ArrayList<>();
    findings.values().forEach(b -> out.add(b.build()));
    return out;
  }

  /** Verdicts of one row. */
  private enum Verdict {
    PASS,
    FAIL,
    NOT_GIVEN,
    NOT_JUDGED
  }

  private ControlStatus check(Control c) {
    List<Check> rows = CHECKS.stream().filter(r -> r.appliesTo(c.id())).toList();
    List<String> checks = rows.stream().map(Check::describe).distinct().toList();
    if (rows.isEmpty()) {
      return status(
          c, ControlStatus.Status.NOT_CHECKED, checks, "nothing the cluster inputs show checks it");
    }
    Set<Verdict> seen = new LinkedHashSet<>();
    List<String> reasons = new ArrayList<>();
    for (Check r : rows) {
      Verdict v =
          switch (r.input()) {
            case "apiserver" -> apiServer(c, r, reasons);
            case "audit" -> audit(c, r);
            default -> namespaces(c, reasons);
          };
      if (v == Verdict.NOT_GIVEN) {
        reasons.add("needs " + option(r.input()));
      }
      seen.add(v);
    }
    if (seen.contains(Verdict.FAIL)) {
      return status(c, ControlStatus.Status.FAIL, checks, null);
    }
    if (seen.equals(Set.of(Verdict.PASS))) {
      return status(c, ControlStatus.Status.PASS, checks, null);
    }
    return status(
        c,
        ControlStatus.Status.NOT_CHECKED,
        checks,
        String.join("; ", new LinkedHashSet<>(reasons)));
  }

  private static String option(String input) {
    return switch (input) {
      case "apiserver" -> "--apiserver-args or --apiserver-args-file";
      case "audit" -> "--audit-policy";
      default -> "--namespaces";
    };
  }

  // ---- API server flags

  private Verdict apiServer(Control c, Check r, List<String> reasons) {
    ClusterView.ApiServer api = view.apiServer();
    if (api == null) {
      return Verdict.NOT_GIVEN;
    }
    if (!r.unless().equals("-") && api.last(r.unless()) != null) {
      reasons.add(
          "--"
              + r.unless()
              + " passes the setting in a file diff does not read (kube-apiserver"
              + " refuses --"
              + r.name()
              + " with it)");
      return Verdict.NOT_JUDGED;
    }
    List<Flag> all = api.all(r.name());
    Flag last = all.isEmpty() ? null : all.get(all.size() - 1);
    boolean passed = last != null && !last.value().isEmpty();
    String value = passed ? last.value() : r.dflt().equals("-") ? null : r.dflt();
    if (r.op().equals("has") || r.op().equals("nothave")) {
      // A string slice flag: the first occurrence replaces the default, later ones add (pflag's
      // stringSliceValue.Set).
      if (passed) {
        List<String> items = new ArrayList<>();
        all.forEach(f -> items.addAll(List.of(f.value().split(","))));
        value = String.join(",", items);
      }
    }
    boolean ok =
        switch (r.op()) {
          case "set" -> passed;
          case "eq" -> r.value().equals(value);
          case "has" -> value != null && List.of(value.split(",")).contains(r.value());
          case "nothave" -> value == null || !List.of(value.split(",")).contains(r.value());
          case "gte" -> atLeast(value, Long.parseLong(r.value()));
          default -> throw new IllegalStateException("unknown op " + r.op());
        };
    if (ok) {
      return Verdict.PASS;
    }
    String field = "kube-apiserver --" + r.name();
    Position pos = passed ? last.valuePosition() : Position.of(api.source());
    finding(
            field,
            new Builder(
                field,
                value,
                passed ? ValueSource.FLAG : ValueSource.DEFAULT,
                pos,
                hardened(r, value),
                List.of(ClusterRenderer.FLAGS, ClusterRenderer.KUBEADM),
                flagAction(r, value, passed, api.source())))
        .add(c, r.describe());
    return Verdict.FAIL;
  }

  private static boolean atLeast(String value, long min) {
    if (value == null) {
      return false;
    }
    try {
      return Long.parseLong(value.strip()) >= min;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** What the bundle passes, or what the check needs where the bundle passes nothing. */
  private Object hardened(Check r, String current) {
    String mine = hardenedFlags.get(r.name());
    if (mine != null) {
      return mine;
    }
    return switch (r.op()) {
      case "eq" -> r.value();
      case "nothave" -> current == null ? null : without(current, r.value());
      case "has" -> current == null ? r.value() : current + "," + r.value();
      case "gte" -> r.value();
      default -> "(set)";
    };
  }

  private static String without(String list, String item) {
    return String.join(
        ",", List.of(list.split(",")).stream().filter(s -> !s.equals(item)).toList());
  }

  private String flagAction(Check r, String current, boolean passed, String source) {
    String flag = "--" + r.name();
    Object want = hardened(r, current);
    String where =
        passed
            ? "in " + source
            : "to the API server's command ("
                + source
                + " does not pass it; the default is "
                + (r.dflt().equals("-") ? "unset" : r.dflt())
                + ")";
    String set = "(set)".equals(want) ? flag + "=<path>" : flag + "=" + (want == null ? "" : want);
    return (passed ? "set " + set + " " : "add " + set + " ")
        + where
        + ": the bundle's "
        + ClusterRenderer.FLAGS
        + " lists the hardened flags, and on kubeadm clusters "
        + ClusterRenderer.KUBEADM
        + " carries them as apiServer.extraArgs";
  }

  // ---- audit policy

  private Verdict audit(Control c, Check r) {
    ClusterView.AuditPolicy policy = view.auditPolicy();
    if (policy == null) {
      return Verdict.NOT_GIVEN;
    }
    boolean failed = false;
    for (Problem p : AuditPolicyValidator.validate(policy.root())) {
      boolean minimal =
          p.message().contains("needs at least one rule")
              || p.message().contains("every rule is level None")
              || p.message().contains("must be a mapping")
              || p.message().startsWith("apiVersion must be");
      if (r.name().equals("minimal") && !minimal) {
        continue; // "covers" takes every problem; "minimal" only those of a policy that logs
        // nothing
      }
      failed = true;
      Position at = p.position();
      String field = "audit policy" + (at.hasLine() ? " line " + at.line() : "");
      String key = field + ": " + p.message();
      String tier = profile.cluster().auditTier() == null ? "lean" : profile.cluster().auditTier();
      finding(
              key,
              new Builder(
                  field,
                  p.message(),
                  ValueSource.FILE,
                  at,
                  "the bundle's audit policy (tier " + tier + ")",
                  List.of(ClusterRenderer.AUDIT_POLICY),
                  "change the policy at "
                      + at
                      + " (first match wins: a rule only sees requests no earlier rule took),"
                      + " or install "
                      + ClusterRenderer.AUDIT_POLICY
                      + " as the API server's --audit-policy-file"))
          .add(c, r.describe());
    }
    return failed ? Verdict.FAIL : Verdict.PASS;
  }

  // ---- namespaces

  private Verdict namespaces(Control c, List<String> reasons) {
    ClusterView.Namespaces ns = view.namespaces();
    if (ns == null) {
      return Verdict.NOT_GIVEN;
    }
    ClusterSettings cs = profile.cluster();
    String clusterDefault = cs.psaEnforce() == null ? "baseline" : cs.psaEnforce();
    Map<String, ClusterSettings.NamespacePolicy> named = new LinkedHashMap<>();
    cs.namespaces().forEach(p -> named.put(p.name(), p));
    // What an unlabelled namespace runs with: the AdmissionConfiguration's defaults; without
    // --admission-control-config-file, PodSecurity's own default, privileged
    // (pod-security-admission admission/api/v1/defaults.go).
    ClusterView.ApiServer api = view.apiServer();
    Flag admission = api == null ? null : api.last("admission-control-config-file");
    boolean failed = false;
    List<String> unjudged = new ArrayList<>();
    for (ClusterView.Namespace n : ns.items()) {
      ClusterSettings.NamespacePolicy p = named.get(n.name());
      String want = p != null && p.enforce() != null ? p.enforce() : null;
      if (want == null) {
        if (cs.exemptNamespaces().contains(n.name())) {
          continue; // exempt in the profile's AdmissionConfiguration: never evaluated
        }
        want = clusterDefault;
      }
      var label = n.labels().get(LABEL);
      String have;
      ValueSource source;
      Position at;
      if (label != null) {
        have = label.text();
        source = ValueSource.FILE;
        at = label.position();
      } else if (api != null && admission == null) {
        have = "privileged";
        source = ValueSource.DEFAULT;
        at = n.position();
      } else {
        unjudged.add(n.name());
        continue;
      }
      int rank = PodSecurity.LEVELS.indexOf(have);
      if (rank >= PodSecurity.LEVELS.indexOf(want)) {
        continue;
      }
      failed = true;
      String field = "namespace " + n.name() + " " + LABEL;
      String w = want;
      String fix =
          p != null
              ? "apply "
                  + ClusterRenderer.NAMESPACES
                  + " (kubectl apply -k cluster/), which labels it"
              : label != null
                  ? "label it "
                      + LABEL
                      + "="
                      + w
                      + ", or remove the label so the AdmissionConfiguration's default ("
                      + clusterDefault
                      + ") applies"
                  : "give the API server --admission-control-config-file with "
                      + ClusterRenderer.ADMISSION
                      + " (default "
                      + clusterDefault
                      + "), or label the namespace";
      finding(
              field,
              new Builder(
                  field,
                  have,
                  source,
                  at,
                  w,
                  p != null
                      ? List.of(ClusterRenderer.NAMESPACES)
                      : List.of(ClusterRenderer.ADMISSION, ClusterRenderer.FLAGS),
                  fix))
          .add(c, "every namespace's " + LABEL + " at least the profile's level");
    }
    if (!unjudged.isEmpty()) {
      String why =
          "namespaces without an "
              + LABEL
              + " label run with the AdmissionConfiguration's default, which diff does not read"
              + (admission == null
                  ? " (give --apiserver-args: without --admission-control-config-file the default"
                      + " is privileged)"
                  : " (" + admission.value() + ")")
              + ": "
              + String.join(", ", unjudged);
      notes.add(why);
      if (!failed) {
        reasons.add(why);
        return Verdict.NOT_JUDGED;
      }
    }
    return failed ? Verdict.FAIL : Verdict.PASS;
  }

  /** The finding at {@code key}: {@code fresh} the first time, then the one kept. */
  private Builder finding(String key, Builder fresh) {
    return findings.computeIfAbsent(key, k -> fresh);
  }

  private static ControlStatus status(
      Control c, ControlStatus.Status s, List<String> checks, String reason) {
    return new ControlStatus(c.id(), c.title(), c.severity(), s, List.copyOf(checks), reason);
  }

  /** One cluster finding and the controls that name it. */
  private static final class Builder {
    private final String field;
    private final Object current;
    private final ValueSource source;
    private final Position position;
    private final Object hardened;
    private final List<String> fixedBy;
    private final String action;
    private final FindingControls named = new FindingControls();

    Builder(
        String field,
        Object current,
        ValueSource source,
        Position position,
        Object hardened,
        List<String> fixedBy,
        String action) {
      this.field = field;
      this.current = current;
      this.source = source;
      this.position = position;
      this.hardened = hardened;
      this.fixedBy = fixedBy;
      this.action = action;
    }

    Builder add(Control c, String requirement) {
      named.add(c, requirement);
      return this;
    }

    Finding build() {
      return new Finding(
          named.controls(),
          field,
          current,
          source,
          position,
          hardened,
          named.requirements(),
          named.severity(),
          fixedBy,
          action);
    }
  }
}
