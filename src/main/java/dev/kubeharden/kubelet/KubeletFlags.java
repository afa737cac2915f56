package dev.kubeharden.kubelet;

import dev.kubeharden.model.Facts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kubelet command-line flags per minor, from {@code kubeharden/facts/kubelet-flags.tsv}
 * (cmd/kubelet/app/options/options.go: KubeletFlags.AddFlags registers the flags without a config
 * field, AddKubeletConfigFlags the twins of KubeletConfiguration fields). A twin overrides the
 * config file, so a hardening drop-in never passes a flag that has a config field.
 */
public final class KubeletFlags {
  /** How a flag relates to the KubeletConfiguration. */
  public enum Kind {
    /** AddKubeletConfigFlags: re-applied over the file by kubeletConfigFlagPrecedence. */
    TWIN,
    /** A KubeletFlags (or ContainerRuntimeOptions) field: no config field. */
    FLAG_ONLY,
    /**
     * --seccomp-default: a KubeletFlags field that server.go createAndInitKubelet ORs with the
     * config field ({@code KubeletFlags.SeccompDefault || KubeletConfiguration.SeccompDefault}).
     */
    SPECIAL
  }

  /**
   * One row of kubelet-flags.tsv.
   *
   * @param from first minor with the flag
   * @param until last minor with the flag ({@link Integer#MAX_VALUE} when not removed)
   * @param field the dotted config path for twins and special flags, else null
   * @param valueType the pflag / component-base value type ("bool", "mapStringString", ...)
   */
  public record Spec(
      String name,
      int from,
      int until,
      Kind kind,
      String field,
      String valueType,
      boolean deprecated) {
    public boolean existsAt(int minor) {
      return minor >= from && minor <= until;
    }

    /** pflag gives booleans NoOptDefVal "true": a bare flag is true, the next word is not taken. */
    public boolean isBool() {
      return "bool".equals(valueType);
    }
  }

  private static final Map<String, Spec> ALL = load();

  /** Flags with no config field (kind flagOnly), at any supported minor. */
  public static final Set<String> WITHOUT_TWIN = names(Kind.FLAG_ONLY);

  /** Flags kubeharden writes itself; profiles may not set them. */
  public static final Set<String> MANAGED = Set.of("config", "config-dir");

  /**
   * Flags that set a config field (twins, and --seccomp-default, which can turn seccompDefault on),
   * at any supported minor, and the field each one sets.
   */
  public static final Map<String, String> TWINS = twins();

  private KubeletFlags() {}

  /** The flag as registered by the kubelet of {@code minor}, or null when it has no such flag. */
  public static Spec at(String name, int minor) {
    Spec s = ALL.get(name);
    return s != null && s.existsAt(minor) ? s : null;
  }

  /** The flag at any supported minor, or null when no supported kubelet registers it. */
  public static Spec any(String name) {
    return ALL.get(name);
  }

  /** Every flag at any supported minor, by name. */
  public static Map<String, Spec> all() {
    return ALL;
  }

  private static Set<String> names(Kind kind) {
    Set<String> out = new TreeSet<>();
    ALL.values().stream().filter(s -> s.kind() == kind).forEach(s -> out.add(s.name()));
    return Collections.unmodifiableSet(out);
  }

  private static Map<String, String> twins() {
    Map<String, String> m = new TreeMap<>();
    ALL.values().stream()
        .filter(s -> s.kind() != Kind.FLAG_ONLY)
        .forEach(s -> m.put(s.name(), s.field()));
    return Collections.unmodifiableMap(m);
  }

  /** A schema field, or a path inside a field the schema types as "any" (logging.options). */
  private static boolean known(String path) {
    for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
      if (KubeletSchema.get().field(p) != null) {
        return true;
      }
      if (p.indexOf('.') < 0) {
        return false;
      }
    }
  }

  private static Map<String, Spec> load() {
    Map<String, Spec> out = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    for (String[] c : Facts.rows("kubelet-flags.tsv")) {
      if (c.length != 7) {
        bad.add(String.join("\t", c));
        continue;
      }
      Kind kind =
          switch (c[3]) {
            case "twin" -> Kind.TWIN;
            case "flagOnly" -> Kind.FLAG_ONLY;
            case "special" -> Kind.SPECIAL;
            default -> throw new IllegalStateException("kubelet-flags.tsv: bad kind " + c[3]);
          };
      String field = "-".equals(c[4]) ? null : c[4];
      if ((kind == Kind.FLAG_ONLY) != (field == null)) {
        throw new IllegalStateException("kubelet-flags.tsv: " + c[0] + ": kind and field disagree");
      }
      if (field != null && !known(field)) {
        throw new IllegalStateException("kubelet-flags.tsv: " + c[0] + ": unknown field " + field);
      }
      out.put(
          c[0],
          new Spec(
              c[0],
              Facts.minor(c[1], 0),
              Facts.minor(c[2], Integer.MAX_VALUE),
              kind,
              field,
              c[5],
              "yes".equals(c[6])));
    }
    if (!bad.isEmpty()) {
      throw new IllegalStateException("kubelet-flags.tsv: malformed rows " + bad);
    }
    return Collections.unmodifiableMap(out);
  }
}
