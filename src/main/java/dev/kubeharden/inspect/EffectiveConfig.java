package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.model.EffectiveValue;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.ValueSource;
import java.util.List;
import java.util.Map;

/**
 * The configuration a kubelet runs with, field by field with its origin, plus the flags it was
 * started with.
 *
 * @param values effective leaves by dotted path
 * @param mapKeys entries of map fields by {@code field.key} ({@code
 *     featureGates.RotateKubeletServerCertificate}), each with the layer that set it
 * @param unsetSource what an unset field reports: {@code default}, or {@code configz} for a running
 *     kubelet's view
 * @param configText the current config file's text (null when there is none), for --patch
 * @param inputs the sources read, in precedence order, lowest first
 * @param startFailures why a kubelet started from these inputs exits before it serves (an unknown
 *     flag of that minor, a missing --config file, ...): empty when it starts
 */
public record EffectiveConfig(
    Map<String, EffectiveValue> values,
    Map<String, EffectiveValue> mapKeys,
    List<Flag> flags,
    ValueSource unsetSource,
    String configText,
    List<String> inputs,
    List<String> notes,
    List<String> startFailures,
    String unknownReason) {

  /** Whether a kubelet started from these inputs runs at all. */
  public boolean starts() {
    return startFailures.isEmpty();
  }

  /**
   * The effective value at a path (a leaf, or one key of a map field); unset fields have a null
   * value.
   */
  public EffectiveValue lookup(String path) {
    EffectiveValue v = values.get(path);
    if (v != null) {
      return v;
    }
    v = mapKeys.get(path);
    if (v != null) {
      return v;
    }
    if (KubeletDefaults.GATES.containsKey(path)) {
      return new EffectiveValue(
          path,
          KubeletDefaults.GATES.get(path),
          ValueSource.DEFAULT,
          Position.of("kubelet default"));
    }
    if (unsetSource == ValueSource.CONFIGZ) {
      return new EffectiveValue(path, goZero(path), unsetSource, Position.of("configz"));
    }
    return new EffectiveValue(path, null, unsetSource, Position.of("kubelet default"));
  }

  /**
   * configz prints the v1beta1 object with omitempty: an absent boolean or number is its zero value
   * (readOnlyPort 0 and rotateCertificates false are left out). Strings, lists and maps stay unset.
   */
  private static Object goZero(String path) {
    KubeletField f = KubeletSchema.get().field(path);
    if (f == null) {
      return null;
    }
    return switch (f.type()) {
      case BOOL -> false;
      case INT32, INT64 -> 0L;
      default -> null;
    };
  }

  /** The last occurrence of a flag (pflag keeps the last value), or null. */
  public Flag flag(String name) {
    Flag found = null;
    for (Flag f : flags) {
      if (f.name().equals(name)) {
        found = f;
      }
    }
    return found;
  }
}
