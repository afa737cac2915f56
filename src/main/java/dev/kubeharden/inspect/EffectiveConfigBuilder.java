package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.EffectiveValue;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.ValueSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Layers KubeletConfiguration values the way the kubelet does: defaults, then the --config file,
 * then each --config-dir drop-in, then flags. Later layers replace scalars and lists; map fields
 * (featureGates, evictionHard, systemReserved, ...) merge key by key, as decoding JSON into an
 * existing Go map does.
 */
final class EffectiveConfigBuilder {
  private final KubeletSchema schema = KubeletSchema.get();
  // Sized for the default layer (about a hundred fields) and a file's: no rehash per node.
  private final Map<String, EffectiveValue> values = new LinkedHashMap<>(256);
  private final Map<String, EffectiveValue> mapKeys = new TreeMap<>();
  private Map<String, Object> defaults = Map.of();

  /**
   * The default layer by minor, the legacy flags-only defaults (negative keys) included: built once
   * and copied into each node's values (an EffectiveValue never changes).
   */
  private static final Map<Integer, Map<String, EffectiveValue>> DEFAULT_LAYERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  void defaults(boolean legacy, dev.kubeharden.model.KubeVersion version) {
    defaults = KubeletDefaults.v1beta1(version);
    int key = legacy ? -1 - version.minor() : version.minor();
    values.putAll(DEFAULT_LAYERS.computeIfAbsent(key, k -> defaultLayer(legacy, version)));
  }

  private static Map<String, EffectiveValue> defaultLayer(
      boolean legacy, dev.kubeharden.model.KubeVersion version) {
    Map<String, EffectiveValue> layer = new LinkedHashMap<>();
    Position pos = Position.of("kubelet default");
    KubeletDefaults.v1beta1(version)
        .forEach((k, v) -> layer.put(k, new EffectiveValue(k, v, ValueSource.DEFAULT, pos)));
    if (legacy) {
      Position lp = Position.of("kubelet legacy default (no --config)");
      KubeletDefaults.LEGACY.forEach(
          (k, v) -> layer.put(k, new EffectiveValue(k, v, ValueSource.LEGACY_DEFAULT, lp)));
    }
    return layer;
  }

  void layer(Map<String, KubeletValues.Located> read, ValueSource source) {
    for (Map.Entry<String, KubeletValues.Located> e : read.entrySet()) {
      Object v = e.getValue().value();
      if (KubeletDefaults.isDefaultedZero(e.getKey(), v) && defaults.containsKey(e.getKey())) {
        put(e.getKey(), defaults.get(e.getKey()), ValueSource.DEFAULT, e.getValue().position());
      } else {
        put(e.getKey(), v, source, e.getValue().position());
      }
    }
  }

  EffectiveValue get(String path) {
    return values.get(path);
  }

  void put(String path, Object value, ValueSource source, Position pos) {
    if (value == null) {
      values.remove(path);
      mapKeys.keySet().removeIf(k -> k.startsWith(path + "."));
      return;
    }
    KubeletField f = schema.field(path);
    EffectiveValue prior = values.get(path);
    if (isMap(f) && value instanceof Map<?, ?> m) {
      Map<Object, Object> merged = new TreeMap<>();
      if (prior != null && prior.value() instanceof Map<?, ?> pm) {
        merged.putAll(pm);
      }
      merged.putAll(m);
      m.forEach(
          (k, v) ->
              mapKeys.put(path + "." + k, new EffectiveValue(path + "." + k, v, source, pos)));
      value = merged;
    }
    values.put(path, new EffectiveValue(path, value, source, pos));
  }

  /**
   * A map field replaced as a whole: component-base cli/flag MapStringString.Set (and the other map
   * types) clear the target map on their first use ("clear default values, or allocate if no
   * existing map"), so the first occurrence of a map flag drops every key the files set.
   */
  void replace(String path, Object value, ValueSource source, Position pos) {
    values.remove(path);
    mapKeys.keySet().removeIf(k -> k.startsWith(path + "."));
    put(path, value, source, pos);
  }

  private static final java.util.Set<FieldType> MAPS =
      java.util.EnumSet.of(
          FieldType.STRING_MAP,
          FieldType.BOOL_MAP,
          FieldType.QUANTITY_MAP,
          FieldType.STRING_LIST_MAP);

  private static boolean isMap(KubeletField f) {
    return f != null && MAPS.contains(f.type());
  }

  EffectiveConfig build(
      List<Flag> flags,
      ValueSource unset,
      String configText,
      List<String> inputs,
      List<String> notes,
      List<String> startFailures,
      String unknownReason) {
    // The builder is dropped after build: its maps are handed over read-only rather than copied.
    return new EffectiveConfig(
        java.util.Collections.unmodifiableMap(values),
        java.util.Collections.unmodifiableMap(mapKeys),
        List.copyOf(flags),
        unset,
        configText,
        List.copyOf(inputs),
        List.copyOf(notes),
        List.copyOf(startFailures),
        unknownReason);
  }
}
