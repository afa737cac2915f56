package dev.kubeharden.migrate;

import dev.kubeharden.inspect.EffectiveConfig;
import dev.kubeharden.model.ResolvedSetting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Field-by-field comparison of a node's effective configuration before and after migration. */
final class SettingsKept {
  private SettingsKept() {}

  /**
   * Every field and map key whose effective value differs between {@code before} and {@code after},
   * as "path: before -> after", except what the hardening sets: its fields, and of a map field only
   * the keys it sets (the node's other feature gates must survive).
   */
  static List<String> lost(
      EffectiveConfig before, EffectiveConfig after, Map<String, ResolvedSetting> hardening) {
    Set<String> except = new HashSet<>();
    hardening.forEach(
        (path, s) -> {
          except.add(path);
          if (s.value() instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> except.add(path + "." + k));
          }
        });
    Set<String> paths = new TreeSet<>();
    paths.addAll(before.values().keySet());
    paths.addAll(after.values().keySet());
    paths.addAll(before.mapKeys().keySet());
    paths.addAll(after.mapKeys().keySet());
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      if (except.contains(p)) {
        continue;
      }
      Object a = MigrationPlanner.normalize(before.lookup(p).value());
      Object b = MigrationPlanner.normalize(after.lookup(p).value());
      if (!Objects.equals(a, b)) {
        out.add(p + ": " + a + " -> " + b);
      }
    }
    return out;
  }
}
