package dev.kubeharden.target;

import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import java.util.List;
import java.util.Map;

/** One distro target: the files its infra repository holds, from a resolved profile. */
public interface Target {
  /** The name used with --target and in inventories. */
  String name();

  /** One line for "targets list". */
  String title();

  /** The bundle paths this target writes (for "targets list" and the README). */
  List<String> carrierFiles();

  /** How a field the matrix does not list for this target is carried. */
  default Expressibility.Kind unlisted() {
    return Expressibility.Kind.CONFIG;
  }

  /**
   * The target's files, by bundle path. {@code shared} holds the files every target may reuse (the
   * audit policy, the admission configuration, the sysctl file), by their node-bundle path.
   */
  Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared);

  /** How this target carries {@code field}. */
  default Expressibility.Carrier carrier(String field) {
    return Expressibility.get()
        .carrier(name(), field)
        .orElse(
            new Expressibility.Carrier(
                unlisted(),
                "not in the expressibility matrix: carried as a KubeletConfiguration field"));
  }

  /**
   * The hardening settings this target carries in a KubeletConfiguration (document, file or
   * drop-in).
   */
  default Map<String, ResolvedSetting> configCarried(Map<String, ResolvedSetting> hardening) {
    Map<String, ResolvedSetting> out = new java.util.LinkedHashMap<>();
    hardening.forEach(
        (k, v) -> {
          if (carrier(k, hardening).kind() == Expressibility.Kind.CONFIG) {
            out.put(k, v);
          }
        });
    return out;
  }

  /**
   * How this target carries {@code field} given the values to carry: a target whose own default is
   * stricter than the profile's value keeps its default (the hardening must never weaken a
   * platform).
   */
  default Expressibility.Carrier carrier(String field, Map<String, ResolvedSetting> hardening) {
    return carrier(field);
  }

  /**
   * Where a file of this target carries its KubeletConfiguration, for parse-back: the fields as a
   * map, a whole document as text (file content), or null when the file carries none. It must hold
   * exactly {@link #configCarried}.
   */
  default Object kubeletIn(String path, Map<String, Object> doc) {
    return null;
  }
}
