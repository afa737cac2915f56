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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The feature gates the kubelet knows, per Kubernetes minor, loaded from {@code
 * kubeharden/facts/feature-gates.tsv}: each gate's pre-release stage, default and lock state, and the minor it
 * was removed in. The kubelet refuses to start when {@code featureGates} names a gate it does not know or sets
 * a locked gate to the other value (component-base {@code featuregate.SetFromMap}); {@link #problems} reports
 * both before a configuration reaches a node.
 */
public final class FeatureGates {
  private static final String RESOURCE = "/kubeharden/facts/feature-gates.tsv";
  private static final String MINORS_DIRECTIVE = "#@ minors ";
  private static final Set<String> STAGES = Set.of("ALPHA", "BETA", "GA", "DEPRECATED", "REMOVED");
  private static final String REMOVED = "REMOVED";
  private static final String UNRECOGNIZED = "(component-base featuregate: unrecognized feature gate)";
  private static final String LOCKED = "(component-base featuregate: feature is locked to its default)";
  private static final String NOT_BOOLEAN =
      "(KubeletConfiguration: featureGates is a map of gate name to true or false)";
  private static volatile FeatureGates instance;

  /**
   * A gate's state at one minor.
   *
   * @param stage ALPHA, BETA, GA or DEPRECATED
   * @param defaultValue whether the gate is on when {@code featureGates} does not name it
   * @param locked whether the gate is locked to its default (setting the other value is refused)
   */
  public record GateState(String stage, boolean defaultValue, boolean locked) {}

  /** One row of the facts file; {@code from} is null for "-" (at or before the oldest covered minor). */
  private record Row(KubeVersion from, String stage, boolean defaultValue, boolean locked) {
    boolean appliesAt(KubeVersion v) {
      return from == null || from.compareTo(v) <= 0;
    }
  }

  private final Map<String, List<Row>> gates;
  private final SortedSet<KubeVersion> minors;

  private FeatureGates(Map<String, List<Row>> gates, SortedSet<KubeVersion> minors) {
    this.gates = gates;
    this.minors = Collections.unmodifiableSortedSet(minors);
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

  /**
   * A gate's state at a minor, or empty when the kubelet of that minor does not know the gate (never added, not
   * yet added, or removed). Minors newer than the newest covered one resolve as the newest covered one.
   */
  public Optional<GateState> state(String gate, KubeVersion version) {
    Row r = rowAt(gate, version);
    return r == null || r.stage().equals(REMOVED)
        ? Optional.empty()
        : Optional.of(new GateState(r.stage(), r.defaultValue(), r.locked()));
  }

  /**
   * Whether a gate is on for a {@code featureGates} map: the explicit value when the map sets the gate to a
   * Boolean, else {@code AllAlpha}/{@code AllBeta} for an alpha/beta gate when the map sets those (as upstream
   * does for gates not set explicitly), else the gate's default at that minor; false when the gate is unknown.
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
    String all = switch (s.get().stage()) {
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
   * What keeps the kubelet of a minor from starting with this {@code featureGates} map, one message per problem:
   * a value that is not a boolean, a gate the kubelet does not know (removed, not yet added, or misspelt) and a
   * locked gate set to the other value. Each message names the upstream rule.
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
        out.add("feature gate " + gate + ": " + describe(value) + " is not true or false " + NOT_BOOLEAN);
      }
      Optional<GateState> s = state(gate, version);
      if (s.isEmpty()) {
        out.add(unknown(gate, version));
      } else if (s.get().locked() && value instanceof Boolean b && b != s.get().defaultValue()) {
        out.add(
            "cannot set feature gate " + gate + " to " + b + ", feature is locked to " + s.get().defaultValue()
                + " (" + s.get().stage() + " in Kubernetes " + version + ") " + LOCKED);
      }
    }
    return out;
  }

  private String unknown(String gate, KubeVersion version) {
    Row r = rowAt(gate, version);
    if (r != null && r.from() != null) {
      return "unrecognized feature gate: " + gate + " (removed in Kubernetes " + r.from() + "; the kubelet "
          + version + " refuses to start with it) " + UNRECOGNIZED;
    }
    KubeVersion later = firstKnownAfter(gate, version);
    if (later != null) {
      return "unrecognized feature gate: " + gate + " (the kubelet knows it from Kubernetes " + later + " on, not in "
          + version + ") " + UNRECOGNIZED;
    }
    return "unrecognized feature gate: " + gate + " (not known to the kubelet " + version + ")"
        + Suggestions.hint(gate, known(version)) + " " + UNRECOGNIZED;
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
          String[] range = line.substring(MINORS_DIRECTIVE.length()).trim().split(" +");
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
          throw new IllegalStateException(RESOURCE + ":" + number + ": expected 5 columns: " + line);
        }
        Row row = parse(cols, number);
        List<Row> rows = gates.computeIfAbsent(cols[0], k -> new ArrayList<>());
        if (!rows.isEmpty() && (row.from() == null || !rows.get(rows.size() - 1).appliesAt(row.from())
            || row.from().equals(rows.get(rows.size() - 1).from()))) {
          throw new IllegalStateException(RESOURCE + ":" + number + ": rows of " + cols[0] + " out of order");
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

  private static Row parse(String[] cols, int number) {
    KubeVersion from = "-".equals(cols[1]) ? null : version(cols[1], number);
    String stage = cols[2];
    if (!STAGES.contains(stage)) {
      throw new IllegalStateException(RESOURCE + ":" + number + ": unknown stage " + stage);
    }
    if (stage.equals(REMOVED)) {
      if (from == null) {
        throw new IllegalStateException(RESOURCE + ":" + number + ": a REMOVED row needs the minor it took effect");
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
      default -> throw new IllegalStateException(RESOURCE + ":" + number + ": not true or false: " + text);
    };
  }
}
