package dev.kubeharden.target;

import dev.kubeharden.model.Facts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The expressibility matrix ({@code kubeharden/facts/targets.tsv}): for each target and
 * KubeletConfiguration field, how the target carries it. A field the matrix does not list for a
 * target is treated as not established, never as carried.
 */
public final class Expressibility {
  private static final String RESOURCE = "targets.tsv";
  private static final Expressibility INSTANCE = load();

  /** How a target carries one field. */
  public enum Kind {
    /** A KubeletConfiguration (document, file or drop-in) carries it. */
    CONFIG,
    /** The target's own typed field or key. */
    FIELD,
    /** Only as a kubelet command-line flag. */
    FLAG,
    /** The target sets it itself; the detail says what it sets. */
    PROVIDER_MANAGED,
    /** The target's format cannot carry it. */
    NOT_EXPRESSIBLE;

    static Kind parse(String s) {
      return Kind.valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    /** The matrix's spelling. */
    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** One cell of the matrix. */
  public record Carrier(Kind kind, String detail) {}

  private final Map<String, Map<String, Carrier>> byTarget;

  private Expressibility(Map<String, Map<String, Carrier>> byTarget) {
    this.byTarget = byTarget;
  }

  public static Expressibility get() {
    return INSTANCE;
  }

  /** How {@code target} carries {@code field}, or empty when the matrix does not say. */
  public Optional<Carrier> carrier(String target, String field) {
    Map<String, Carrier> m = byTarget.get(target);
    return Optional.ofNullable(m == null ? null : m.get(field));
  }

  private static Expressibility load() {
    Map<String, Map<String, Carrier>> out = new LinkedHashMap<>();
    for (String[] c : Facts.rows(RESOURCE)) {
      if (c.length != 4) {
        throw new IllegalStateException(RESOURCE + ": expected 4 columns: " + String.join("\t", c));
      }
      out.computeIfAbsent(c[0], k -> new LinkedHashMap<>())
          .put(c[1], new Carrier(Kind.parse(c[2]), c[3]));
    }
    return new Expressibility(out);
  }
}
