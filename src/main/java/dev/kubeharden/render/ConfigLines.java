package dev.kubeharden.render;

import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.model.ResolvedSetting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out KubeletConfiguration leaves as block-YAML lines (nested objects rebuilt from the dotted
 * paths, schema order), each line with the control ids behind it as its comment. Templates decide
 * how lines and comments look.
 */
final class ConfigLines {
  private final List<Map<String, Object>> lines = new ArrayList<>();

  static List<Map<String, Object>> of(Map<String, ResolvedSetting> settings) {
    ConfigLines c = new ConfigLines();
    c.line(0, "apiVersion: " + YamlText.scalar(KubeletSchema.API_VERSION), List.of());
    c.line(0, "kind: " + YamlText.scalar(KubeletSchema.KIND), List.of());
    List<String> open = new ArrayList<>();
    for (ResolvedSetting s : settings.values()) {
      String[] parts = s.path().split("\\.", -1);
      int common = 0;
      while (common < open.size()
          && common < parts.length - 1
          && open.get(common).equals(parts[common])) {
        common++;
      }
      while (open.size() > common) {
        open.remove(open.size() - 1);
      }
      for (int i = common; i < parts.length - 1; i++) {
        c.line(i, YamlText.key(parts[i]) + ":", List.of());
        open.add(parts[i]);
      }
      c.value(parts.length - 1, parts[parts.length - 1], s.value(), s.controls());
    }
    return c.lines;
  }

  private void line(int indent, String text, List<String> controls) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "  ".repeat(indent) + text);
    m.put("comment", controls.isEmpty() ? false : String.join(", ", controls));
    lines.add(m);
  }

  private void value(int indent, String key, Object v, List<String> controls) {
    String k = YamlText.key(key);
    if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        line(indent, k + ": []", controls);
        return;
      }
      line(indent, k + ":", controls);
      for (Object item : l) {
        if (item instanceof Map<?, ?> m) {
          boolean first = true;
          for (Map.Entry<?, ?> e : m.entrySet()) {
            String prefix = first ? "- " : "  ";
            first = false;
            nested(indent, prefix, String.valueOf(e.getKey()), e.getValue());
          }
          if (m.isEmpty()) {
            line(indent, "- {}", List.of());
          }
        } else {
          line(indent, "- " + YamlText.scalar(item), List.of());
        }
      }
      return;
    }
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        line(indent, k + ": {}", controls);
        return;
      }
      line(indent, k + ":", controls);
      for (Map.Entry<?, ?> e : m.entrySet()) {
        value(indent + 1, String.valueOf(e.getKey()), e.getValue(), List.of());
      }
      return;
    }
    line(indent, k + ": " + YamlText.scalar(v), controls);
  }

  private void nested(int indent, String prefix, String key, Object v) {
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      line(indent, prefix + YamlText.key(key) + ":", List.of());
      if (v instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          value(indent + 2, String.valueOf(e.getKey()), e.getValue(), List.of());
        }
      } else {
        for (Object o : (List<?>) v) {
          line(indent + 2, "- " + YamlText.scalar(o), List.of());
        }
      }
      return;
    }
    line(indent, prefix + YamlText.key(key) + ": " + YamlText.scalar(v), List.of());
  }

  static boolean isKnown(String path) {
    KubeletField f = KubeletSchema.get().field(path);
    return f != null;
  }
}
