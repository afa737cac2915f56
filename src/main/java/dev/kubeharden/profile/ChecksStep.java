package dev.kubeharden.profile;

import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValidator;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Requirement;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolution step 4: the checks on the resolved configuration. Field availability in the minor, the
 * kubelet's own validation, every active control's requirements and forbidden flags.
 */
final class ChecksStep {
  private final KubeletSchema schema = KubeletSchema.get();
  private final List<Problem> problems;
  private final SettingsStep settings;
  private final KubeVersion version;

  ChecksStep(SettingsStep settings, KubeVersion version, List<Problem> problems) {
    this.settings = settings;
    this.version = version;
    this.problems = problems;
  }

  /** Checks that every set field exists in the minor. */
  void availability() {
    for (ResolvedSetting s : settings.settings()) {
      KubeletField f = schema.field(s.path());
      if (!f.availableIn(version)) {
        problems.add(
            Problem.error(
                settings.positionOf(s.path()),
                s.path()
                    + " needs Kubernetes "
                    + f.since()
                    + " or newer (generating for "
                    + version
                    + "); set it in a control with kubernetesVersions: {min: \""
                    + f.since()
                    + "\"}"));
      }
    }
  }

  /** Runs the kubelet's validation on the plain values of {@code ordered}; returns those values. */
  Map<String, Object> kubeletValidation(Map<String, ResolvedSetting> ordered) {
    Map<String, Object> plain = new LinkedHashMap<>();
    ordered.forEach((k, v) -> plain.put(k, v.value()));
    problems.addAll(KubeletValidator.validate(plain, version, settings::positionOf));
    return plain;
  }

  void requirements(List<Control> active, Map<String, ResolvedSetting> ordered) {
    for (Control c : active) {
      for (Requirement r : c.requirements()) {
        String field = ProfileResolver.fieldOf(schema, r.path());
        ResolvedSetting s = ordered.get(field);
        Object actual = ProfileResolver.valueAt(ordered, r.path());
        if (r.isMetBy(actual)) {
          continue;
        }
        String who =
            s == null
                ? "a later layer unset it"
                : s.origin().describe() + " sets " + Values.show(actual);
        Position pos = s == null ? r.position() : settings.positionOf(field);
        problems.add(
            Problem.error(
                pos,
                who
                    + ", which undoes control "
                    + c.id()
                    + " (requires "
                    + r.describe()
                    + "); change the value, or disable the control with a reason"));
      }
    }
  }

  void forbiddenFlags(List<Profile> chain, List<Control> active, Map<String, String> flags) {
    for (Control c : active) {
      for (String f : c.forbidFlags()) {
        if (flags.containsKey(f)) {
          Position pos = c.position();
          for (Profile p : chain) {
            if (p.flags().containsKey(f)) {
              pos = p.position();
            }
          }
          problems.add(
              Problem.error(
                  pos,
                  "kubelet flag --"
                      + f
                      + " is set, but control "
                      + c.id()
                      + " forbids it; disable the control"
                      + " with a reason if this node needs it"));
        }
      }
    }
  }
}
