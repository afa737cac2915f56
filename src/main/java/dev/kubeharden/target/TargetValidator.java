package dev.kubeharden.target;

import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.render.BundleValidator;
import dev.kubeharden.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses every file a target emits back before anything is written: YAML documents must load, and
 * the KubeletConfiguration each carries (at the target's own path, or as file content) must read
 * back as the resolved settings and pass the kubelet's validation for the minor. Cluster API caps
 * files[].content at 10240 characters.
 */
public final class TargetValidator {
  private static final int CAPI_CONTENT_MAX = 10240;

  private TargetValidator() {}

  public static void validate(Target t, Map<String, String> files, ResolvedProfile rp) {
    List<Problem> problems = new ArrayList<>();
    List<String> expected = new ArrayList<>(t.configCarried(rp.hardening()).keySet());
    for (Map.Entry<String, String> e : files.entrySet()) {
      String path = e.getKey();
      String text = e.getValue();
      if (text == null) {
        problems.add(
            Problem.error(Position.of(path), "target " + t.name() + " produced no content"));
        continue;
      }
      if (path.endsWith(".mime") || path.contains("/sysctl.d/")) {
        continue;
      }
      Object doc;
      try {
        doc = YamlLoader.loadGenerated(text);
      } catch (RuntimeException x) {
        problems.add(
            Problem.error(Position.of(path), "does not parse back as YAML: " + x.getMessage()));
        continue;
      }
      @SuppressWarnings("unchecked")
      Object kubelet =
          doc instanceof Map<?, ?> m ? t.kubeletIn(path, (Map<String, Object>) m) : null;
      if (kubelet instanceof String content) {
        if (content.length() > CAPI_CONTENT_MAX) {
          problems.add(
              Problem.error(
                  Position.of(path),
                  "files[].content holds "
                      + content.length()
                      + " characters; Cluster API accepts at most "
                      + CAPI_CONTENT_MAX));
        }
        problems.addAll(BundleValidator.kubeletDocument(path, content, rp, expected));
      } else if (kubelet instanceof Map<?, ?> m) {
        problems.addAll(BundleValidator.kubeletDocument(path, asDocument(m), rp, expected));
      }
    }
    if (!problems.isEmpty()) {
      throw new BundleValidator.GeneratedFileException(problems);
    }
  }

  /**
   * A KubeletConfiguration document for a map of fields (apiVersion and kind added when missing).
   */
  private static String asDocument(Map<?, ?> m) {
    Map<Object, Object> doc = new java.util.LinkedHashMap<>();
    doc.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    doc.put("kind", "KubeletConfiguration");
    m.forEach(doc::putIfAbsent);
    return YamlLoader.dumpBlock(doc);
  }
}
