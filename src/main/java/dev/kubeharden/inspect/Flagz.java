package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubelet's structured {@code /flagz} (Kubernetes 1.35+, gate ComponentFlagz): a {@code Flagz}
 * object of {@code config.k8s.io/v1alpha1} whose {@code flags} map every registered flag to its
 * current value (k8s.io/apiserver pkg/server/flagz: {@code convertNamedFlagSetToFlags} visits all
 * flags, defaults included; flags annotated "classified" read {@code CLASSIFIED}).
 *
 * <p>Because defaults are listed too, only a value that differs from its zero value says a flag was
 * passed: a string flag that is not empty, {@code --seccomp-default} that is true. Twin flags are
 * not read from here: /configz is the kubelet's effective configuration, flags included.
 */
final class Flagz {
  /**
   * The Accept header that selects the structured response (negotiate.FlagzEndpointRestrictions).
   */
  static final String ACCEPT = "application/json;v=v1alpha1;g=config.k8s.io;as=Flagz";

  private Flagz() {}

  /** The flag-only and special flags the kubelet was started with, from a Flagz document. */
  static List<Flag> flags(
      String source, String text, int minor, List<Problem> problems, List<String> notes) {
    Node root;
    try {
      root = ParsedYaml.load(source, text);
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
      return List.of();
    }
    Node kind = root instanceof Node.MapNode m ? m.get("kind") : null;
    Node flags = root instanceof Node.MapNode m ? m.get("flags") : null;
    if (!(kind instanceof Node.Scalar k)
        || !k.text().equals("Flagz")
        || !(flags instanceof Node.MapNode map)) {
      problems.add(
          Problem.error(
              root.position(),
              "expected the kubelet's structured /flagz, a Flagz object of config.k8s.io/v1alpha1"
                  + " with a \"flags\" object"));
      return List.of();
    }
    List<Flag> out = new ArrayList<>();
    for (Node.Entry e : map.entries().values()) {
      if (!(e.value() instanceof Node.Scalar value)) {
        problems.add(
            Problem.error(e.value().position(), "flag " + e.key() + ": expected a string value"));
        continue;
      }
      KubeletFlags.Spec spec = KubeletFlags.at(e.key(), minor);
      if (spec == null || spec.kind() == KubeletFlags.Kind.TWIN) {
        continue;
      }
      String v = value.text();
      boolean passed =
          spec.isBool() ? v.equals("true") : spec.valueType().equals("string") && !v.isEmpty();
      if (passed && !v.equals("CLASSIFIED")) {
        out.add(new Flag(e.key(), v, e.keyPosition(), value.position()));
      }
    }
    notes.add(
        source
            + ": flag-only flags come from /flagz (a string flag counts as passed when not empty,"
            + " --seccomp-default when true); config fields from /configz");
    return out;
  }
}
