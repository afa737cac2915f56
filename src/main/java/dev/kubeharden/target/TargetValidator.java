package dev.kubeharden.target;

import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.render.BundleValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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
        doc = yaml().load(text);
      } catch (RuntimeException x) {
        problems.add(
            Problem.error(Position.of(path), "does not parse back as YAML: " + x.getMessage()));
        continue;
      }
      Object kubelet = embedded(t.name(), path, doc);
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
        List<String> keys = expected;
        if (t.name().equals("rke2") || t.name().equals("k3s")) {
          keys = new ArrayList<>(expected);
          keys.remove("protectKernelDefaults");
        }
        if (t.name().equals("kubespray")) {
          keys = kubeletKeys(new ArrayList<>(rp.hardening().keySet()), m);
        }
        problems.addAll(BundleValidator.kubeletDocument(path, asDocument(m), rp, keys));
      }
    }
    if (!problems.isEmpty()) {
      throw new BundleValidator.GeneratedFileException(problems);
    }
  }

  /**
   * The KubeletConfiguration a target's file carries: a map, a document as text, or null for none.
   */
  @SuppressWarnings("unchecked")
  private static Object embedded(String target, String path, Object doc) {
    if (!(doc instanceof Map<?, ?> root)) {
      return null;
    }
    Map<String, Object> r = (Map<String, Object>) root;
    return switch (target) {
      case "eks" -> at(r, "spec", "kubelet", "config");
      case "talos" ->
          path.endsWith("machine-kubelet-patch.yaml")
              ? at(r, "machine", "kubelet", "extraConfig")
              : at(r, "config");
      case "k0s" -> at(first(at(r, "spec", "workerProfiles")), "values");
      case "cluster-api" -> {
        Object files =
            path.endsWith("kubeadmconfigtemplate.yaml")
                ? at(r, "spec", "template", "spec", "files")
                : at(r, "spec", "kubeadmConfigSpec", "files");
        yield at(first(files), "content");
      }
      case "rke2", "k3s" -> path.endsWith(".conf") ? r : null;
      case "kubespray" -> r.get("kubelet_config_extra_args");
      default -> null;
    };
  }

  @SuppressWarnings("unchecked")
  private static Object at(Object node, String... keys) {
    Object n = node;
    for (String k : keys) {
      if (!(n instanceof Map<?, ?> m)) {
        return null;
      }
      n = ((Map<String, Object>) m).get(k);
    }
    return n;
  }

  private static Object first(Object list) {
    return list instanceof List<?> l && !l.isEmpty() ? l.get(0) : null;
  }

  /**
   * A KubeletConfiguration document for a map of fields (apiVersion and kind added when missing).
   */
  private static String asDocument(Map<?, ?> m) {
    Map<Object, Object> doc = new java.util.LinkedHashMap<>();
    doc.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    doc.put("kind", "KubeletConfiguration");
    m.forEach(doc::putIfAbsent);
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o).dump(doc);
  }

  /** The leaf paths of {@code expected} that the map can hold (a nested map holds dotted paths). */
  private static List<String> kubeletKeys(List<String> expected, Map<?, ?> m) {
    return expected.stream().filter(k -> m.containsKey(k.split("\\.", -1)[0])).toList();
  }

  private static Yaml yaml() {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false);
    o.setMaxAliasesForCollections(10);
    return new Yaml(new SafeConstructor(o));
  }
}
