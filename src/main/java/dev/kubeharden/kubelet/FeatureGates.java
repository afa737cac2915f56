package dev.kubeharden.kubelet;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The feature gates the kubelet knows, per Kubernetes minor, loaded from {@code
 * kubeharden/facts/feature-gates.tsv}: each gate's pre-release stage, default and lock state, and
 * the minor it was removed in; and, from {@code kubeharden/facts/feature-gate-dependencies.tsv},
 * which gates depend on which (enforced from 1.35). The kubelet refuses to start when {@code
 * featureGates} names a gate it does not know, sets a locked gate to the other value, or leaves an
 * enabled gate with a disabled dependency (component-base {@code featuregate.SetFromMap}); {@link
 * #problems} reports all three before a configuration reaches a node.
 */
public final class FeatureGates {
  private static final String RESOURCE = "/kubeharden/facts/feature-gates.tsv";
  private static final String DEPENDENCIES = "/kubeharden/facts/feature-gate-dependencies.tsv";
  private static final String MINORS_DIRECTIVE = "#@ minors ";
  private static final String ENFORCED_DIRECTIVE = "#@ enforced-from ";
  private static final Set<String> STAGES = Set.of("ALPHA", "BETA", "GA", "DEPRECATED", "REMOVED");
  private static final String REMOVED = "REMOVED";
  private static final String UNRECOGNIZED =
      "(component-base featuregate: unrecognized feature gate)";
  private static final String LOCKED =
      "(component-base featuregate: feature is locked to its default)";
  private static final String NOT_BOOLEAN =
      "(KubeletConfiguration: featureGates is a map of gate name to true or false)";
  private static final String DEPENDS =
      "component-base featuregate: an enabled gate needs the gates it depends on"
          + " enabled, pkg/features defaultKubernetesFeatureGateDependencies";
  private static volatile FeatureGates instance;

  /**
   * A gate's state at one minor.
   *
   * @param stage ALPHA, BETA, GA or DEPRECATED
   * @param defaultValue whether the gate is on when {@code featureGates} does not name it
   * @param locked whether the gate is locked to its default (setting the other value is refused)
   */
  public record GateState(String stage, boolean defaultValue, boolean locked) {}

  /**
   * One row of the facts file; {@code from} is null for "-" (at or before the oldest covered
   * minor).
   */
  private record Row(KubeVersion from, String stage, boolean defaultValue, boolean locked) {
    boolean appliesAt(KubeVersion v) {
      return from == null || from.compareTo(v) <= 0;
    }
  }

  /**
   * One row of the dependencies file; {@code until} is null for "-" (still declared in the newest
   * minor).
   */
  private record DependencyRow(String gate, String dependsOn, KubeVersion from, KubeVersion until) {
    boolean appliesAt(KubeVersion v) {
      return from.compareTo(v) <= 0 && (until == null || v.compareTo(until) <= 0);
    }
  }

  private final Map<String, List<Row>> gates;
  private final SortedSet<KubeVersion> minors;
  private final List<DependencyRow> dependencies;
  private final KubeVersion dependenciesEnforcedFrom;

  private FeatureGates(Map<String, List<Row>> gates, SortedSet<KubeVersion> minors) {
    this.gates = gates;
    this.minors = Collections.unmodifiableSortedSet(minors);
    this.dependencies = List.of();
    this.dependenciesEnforcedFrom =
        null; // set by the constructor below once the dependencies file is read
  }

  private FeatureGates(
      FeatureGates facts, List<DependencyRow> dependencies, KubeVersion enforcedFrom) {
    this.gates = facts.gates;
    this.minors = facts.minors;
    this.dependencies = List.copyOf(dependencies);
    this.dependenciesEnforcedFrom = enforcedFrom;
  }

  /** The facts, loaded on first use. */
  public static FeatureGates get() {
    FeatureGates g = instance;
    if (g == null) {
      synchronized (FeatureGates.class) {
        if (instance == null) {
          instance = load();
        }
        g = instance;
      }
    }
    return g;
  }

  /** The minors the facts cover, oldest first. */
  public SortedSet<KubeVersion> minors() {
    return minors;
  }

  /** The first minor whose kubelet refuses an enabled gate with a disabled dependency (1.35). */
  public KubeVersion dependenciesEnforcedFrom() {
    return dependenciesEnforcedFrom;
  }

  /**
   * The dependencies the kubelet of a minor declares and enforces: gate to the gates it needs
   * enabled, both in name order; empty before {@link #dependenciesEnforcedFrom}. Minors newer than
   * the newest covered one keep the declarations still present in it.
   */
  public SortedMap<String, List<String>> dependencies(KubeVersion version) {
    SortedMap<String, List<String>> out = new TreeMap<>();
    if (version.compareTo(dependenciesEnforcedFrom) < 0) {
      return out;
    }
    for (DependencyRow d : dependencies) {
      if (d.appliesAt(version)) {
        out.computeIfAbsent(d.gate(), k -> new ArrayList<>()).add(d.dependsOn());
      }
    }
    out.replaceAll((k, v) -> v.stream().sorted().toList());
    return Collections.unmodifiableSortedMap(out);
  }

  /**
   * A gate's state at a minor, or empty when the kubelet of that minor does not know the gate
   * (never added, not yet added, or removed). Minors newer than the newest covered one resolve as
   * the newest covered one.
   */
  public Optional<GateState> state(String gate, KubeVersion version) {
    Row r = rowAt(gate, version);
    return r == null || r.stage().equals(REMOVED)
        ? Optional.empty()
        : Optional.of(new GateState(r.stage(), r.defaultValue(), r.locked()));
  }

  /**
   * Whether a gate is on for a {@code featureGates} map: the explicit value when the map sets the
   * gate to a Boolean, else {@code AllAlpha}/{@code AllBeta} for an alpha/beta gate when the map
   * sets those (as upstream does for gates not set explicitly), else the gate's default at that
   * minor; false when the gate is unknown.
   */
  public boolean enabled(Map<?, ?> featureGates, String gate, KubeVersion version) {
    Object explicit = featureGates == null ? null : featureGates.get(gate);
    if (explicit instanceof Boolean b) {
      return b;
    }
    Optional<GateState> s = state(gate, version);
    if (s.isEmpty()) {
      return false;
    }
    String all =
        switch (s.get().stage()) {
          case "ALPHA" -> "AllAlpha";
          case "BETA" -> "AllBeta";
          default -> null;
        };
    if (all != null && featureGates != null && featureGates.get(all) instanceof Boolean b) {
      return b;
    }
    return s.get().defaultValue();
  }

  /**
   * What keeps the kubelet of a minor from starting with this {@code featureGates} map, one message
   * per problem: a value that is not a boolean, a gate the kubelet does not know (removed, not yet
   * added, or misspelt), a locked gate set to the other value, and (from {@link
   * #dependenciesEnforcedFrom}) an enabled gate with a disabled dependency. Each message names the
   * upstream rule.
   *
   * <p>Dependencies are checked, as upstream does, on the effective value of every gate that
   * declares some (the map's value, else AllAlpha/AllBeta, else the default), so a map that only
   * turns a dependency off is refused when a dependent is on by default; defaults alone never are
   * (upstream refuses such declarations). A locked gate set to the other value counts at its
   * default, as upstream leaves it. The kubelet reports dependency problems only once the map has
   * no other problem; they are listed here with the others, ordered by the dependent gate's name
   * (upstream's order is a Go map's).
   */
  public List<String> problems(Map<?, ?> featureGates, KubeVersion version) {
    List<String> out = new ArrayList<>();
    if (featureGates == null) {
      return out;
    }
    for (Map.Entry<?, ?> e : featureGates.entrySet()) {
      String gate = String.valueOf(e.getKey());
      Object value = e.getValue();
      if (!(value instanceof Boolean)) {
        out.add(
            "feature gate "
                + gate
                + ": "
                + describe(value)
                + " is not true or false "
                + NOT_BOOLEAN);
      }
      Optional<GateState> s = state(gate, version);
      if (s.isEmpty()) {
        out.add(unknown(gate, version));
      } else if (s.get().locked() && value instanceof Boolean b && b != s.get().defaultValue()) {
        out.add(
            "cannot set feature gate "
                + gate
                + " to "
                + b
                + ", feature is locked to "
                + s.get().defaultValue()
                + " ("
                + s.get().stage()
                + " in Kubernetes "
                + version
                + ") "
                + LOCKED);
      }
    }
    out.addAll(dependencyProblems(featureGates, version));
    return out;
  }

  /**
   * component-base featuregate unsafeSetFromMap: "If enabled features were set successfully,
   * validate them".
   */
  private List<String> dependencyProblems(Map<?, ?> featureGates, KubeVersion version) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : dependencies(version).entrySet()) {
      String gate = e.getKey();
      if (!effective(featureGates, gate, version)) {
        continue;
      }
      List<String> disabled =
          e.getValue().stream().filter(d -> !effective(featureGates, d, version)).toList();
      if (disabled.isEmpty()) {
        continue;
      }
      List<String> why = new ArrayList<>();
      why.add(gate + ": " + why(featureGates, gate, version));
      for (String d : disabled) {
        why.add(d + ": " + why(featureGates, d, version));
      }
      out.add(
          gate
              + " is enabled, but depends on features that are disabled: ["
              + String.join(" ", disabled)
              + "] ("
              + String.join("; ", why)
              + ") ("
              + DEPENDS
              + ", enforced from Kubernetes "
              + dependenciesEnforcedFrom
              + ")");
    }
    return out;
  }

  /**
   * The value upstream's dependency check sees: {@link #enabled}, but a locked gate stays at its
   * default.
   */
  private boolean effective(Map<?, ?> featureGates, String gate, KubeVersion version) {
    Optional<GateState> s = state(gate, version);
    if (s.isPresent() && s.get().locked()) {
      return s.get().defaultValue();
    }
    return enabled(featureGates, gate, version);
  }

  /** Where a gate's effective value comes from, for the dependency message. */
  private String why(Map<?, ?> featureGates, String gate, KubeVersion version) {
    boolean on = effective(featureGates, gate, version);
    GateState s = state(gate, version).orElseThrow();
    Object explicit = featureGates == null ? null : featureGates.get(gate);
    if (!s.locked() && explicit instanceof Boolean) {
      return "set to " + on;
    }
    if (!s.locked() && enabled(Map.of(), gate, version) != on) {
      return on + " through " + (s.stage().equals("ALPHA") ? "AllAlpha" : "AllBeta");
    }
    return (on ? "on" : "off") + " by default, " + s.stage() + " in Kubernetes " + version;
  }

  private String unknown(String gate, KubeVersion version) {
    Row r = rowAt(gate, version);
    if (r != null && r.from() != null) {
      return "unrecognized feature gate: "
          + gate
          + " (removed in Kubernetes "
          + r.from()
          + "; the kubelet "
          + version
          + " refuses to start with it) "
          + UNRECOGNIZED;
    }
    KubeVersion later = firstKnownAfter(gate, version);
    if (later != null) {
      return "unrecognized feature gate: "
          + gate
          + " (the kubelet knows it from Kubernetes "
          + later
          + " on, not in "
          + version
          + ") "
          + UNRECOGNIZED;
    }
    return "unrecognized feature gate: "
        + gate
        + " (not known to the kubelet "
        + version
        + ")"
        + Suggestions.hint(gate, known(version))
        + " "
        + UNRECOGNIZED;
  }

  private Row rowAt(String gate, KubeVersion version) {
    List<Row> rows = gates.get(gate);
    if (rows == null) {
      return null;
    }
    Row found = null;
    for (Row r : rows) {
      if (r.appliesAt(version)) {
        found = r;
      }
    }
    return found;
  }

  private KubeVersion firstKnownAfter(String gate, KubeVersion version) {
    for (Row r : gates.getOrDefault(gate, List.of())) {
      if (!r.appliesAt(version) && !r.stage().equals(REMOVED)) {
        return r.from();
      }
    }
    return null;
  }

  private List<String> known(KubeVersion version) {
    List<String> out = new ArrayList<>();
    for (String g : gates.keySet()) {
      if (state(g, version).isPresent()) {
        out.add(g);
      }
    }
    return out;
  }

  private static String describe(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  private static FeatureGates load() {
    FeatureGates facts = loadGates();
    return loadDependencies(facts);
  }

  private static FeatureGates loadGates() {
    try (InputStream in = FeatureGates.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, List<Row>> gates = new LinkedHashMap<>();
      SortedSet<KubeVersion> minors = new TreeSet<>();
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        if (line.startsWith(MINORS_DIRECTIVE)) {
          String[] range = line.substring(MINORS_DIRECTIVE.length()).trim().split(" +", -1);
          KubeVersion first = version(range[0], number);
          KubeVersion last = version(range[range.length - 1], number);
          for (int m = first.minor(); m <= last.minor(); m++) {
            minors.add(new KubeVersion(m));
          }
          continue;
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t");
        if (cols.length != 5) {
          throw new IllegalStateException(
              RESOURCE + ":" + number + ": expected 5 columns: " + line);
        }
        Row row = parse(cols, number);
        List<Row> rows = gates.computeIfAbsent(cols[0], k -> new ArrayList<>());
        if (!rows.isEmpty()
            && (row.from() == null
                || !rows.get(rows.size() - 1).appliesAt(row.from())
                || row.from().equals(rows.get(rows.size() - 1).from()))) {
          throw new IllegalStateException(
              RESOURCE + ":" + number + ": rows of " + cols[0] + " out of order");
        }
        rows.add(row);
      }
      if (minors.isEmpty()) {
        throw new IllegalStateException(RESOURCE + ": no \"" + MINORS_DIRECTIVE.trim() + "\" line");
      }
      gates.replaceAll((k, v) -> List.copyOf(v));
      return new FeatureGates(Collections.unmodifiableMap(gates), minors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the dependencies file, checking each row against the gate facts: both gates known at
   * every covered minor of the row, and nothing before the minor that enforces dependencies.
   */
  private static FeatureGates loadDependencies(FeatureGates facts) {
    try (InputStream in = FeatureGates.class.getResourceAsStream(DEPENDENCIES)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEPENDENCIES);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<DependencyRow> rows = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      KubeVersion enforcedFrom = null;
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        if (line.startsWith(ENFORCED_DIRECTIVE)) {
          enforcedFrom =
              dependencyVersion(line.substring(ENFORCED_DIRECTIVE.length()).trim(), number);
          continue;
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        if (cols.length != 4) {
          throw new IllegalStateException(
              DEPENDENCIES + ":" + number + ": expected 4 columns: " + line);
        }
        if (enforcedFrom == null) {
          throw new IllegalStateException(
              DEPENDENCIES + ":" + number + ": rows before \"" + ENFORCED_DIRECTIVE.trim() + "\"");
        }
        KubeVersion from = dependencyVersion(cols[2], number);
        KubeVersion until = "-".equals(cols[3]) ? null : dependencyVersion(cols[3], number);
        if (from.compareTo(enforcedFrom) < 0 || (until != null && until.compareTo(from) < 0)) {
          throw new IllegalStateException(
              DEPENDENCIES + ":" + number + ": bad minors " + cols[2] + " " + cols[3]);
        }
        if (cols[0].equals(cols[1]) || !seen.add(cols[0] + "\t" + cols[1])) {
          throw new IllegalStateException(
              DEPENDENCIES + ":" + number + ": repeated dependency " + line);
        }
        DependencyRow row = new DependencyRow(cols[0], cols[1], from, until);
        for (KubeVersion m : facts.minors()) {
          if (row.appliesAt(m)
              && (facts.state(cols[0], m).isEmpty() || facts.state(cols[1], m).isEmpty())) {
            throw new IllegalStateException(
                DEPENDENCIES
                    + ":"
                    + number
                    + ": "
                    + cols[0]
                    + " or "
                    + cols[1]
                    + " is not a gate of Kubernetes "
                    + m
                    + " in "
                    + RESOURCE);
          }
        }
        rows.add(row);
      }
      if (enforcedFrom == null) {
        throw new IllegalStateException(
            DEPENDENCIES + ": no \"" + ENFORCED_DIRECTIVE.trim() + "\" line");
      }
      return new FeatureGates(facts, rows, enforcedFrom);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KubeVersion dependencyVersion(String text, int number) {
    KubeVersion v = KubeVersion.parseOrNull(text);
    if (v == null) {
      throw new IllegalStateException(DEPENDENCIES + ":" + number + ": not a minor: " + text);
    }
    return v;
  }

  private static Row parse(String[] cols, int number) {
    KubeVersion from = "-".equals(cols[1]) ? null : version(cols[1], number);
    String stage = cols[2];
    if (!STAGES.contains(stage)) {
      throw new IllegalStateException(RESOURCE + ":" + number + ": unknown stage " + stage);
    }
    if (stage.equals(REMOVED)) {
      if (from == null) {
        throw new IllegalStateException(
            RESOURCE + ":" + number + ": a REMOVED row needs the minor it took effect");
      }
      return new Row(from, stage, false, false);
    }
    return new Row(from, stage, bool(cols[3], number), bool(cols[4], number));
  }

  private static KubeVersion version(String text, int number) {
    KubeVersion v = KubeVersion.parseOrNull(text);
    if (v == null) {
      throw new IllegalStateException(RESOURCE + ":" + number + ": not a minor: " + text);
    }
    return v;
  }

  private static boolean bool(String text, int number) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalStateException(RESOURCE + ":" + number + ": not true or false: " + text);
    };
  }
}
