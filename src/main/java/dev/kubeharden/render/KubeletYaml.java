package dev.kubeharden.render;

import dev.kubeharden.model.ResolvedSetting;
import java.util.List;
import java.util.Map;

/**
 * KubeletConfiguration settings as block YAML text, each line commented with the controls behind
 * it, for embedding in another format (a target's document) at an indent.
 */
public final class KubeletYaml {
  private KubeletYaml() {}

  /**
   * The settings as YAML lines indented by {@code indent} spaces, with {@code apiVersion} and
   * {@code kind} first when {@code typeMeta} is true.
   */
  public static String of(Map<String, ResolvedSetting> settings, int indent, boolean typeMeta) {
    StringBuilder sb = new StringBuilder();
    List<Map<String, Object>> lines = ConfigLines.of(settings);
    String pad = " ".repeat(indent);
    if (!typeMeta && settings.isEmpty()) {
      return pad + "{}\n";
    }
    for (int i = typeMeta ? 0 : 2; i < lines.size(); i++) {
      Map<String, Object> l = lines.get(i);
      sb.append(pad).append(l.get("text"));
      if (l.get("comment") instanceof String c) {
        sb.append("  # ").append(c);
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
