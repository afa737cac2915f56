package dev.kubeharden.profile;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.VersionRange;
import dev.kubeharden.yaml.NodeReader;
import java.util.List;

/** Reads a {@code kubernetesVersions: {min, max}} block, of a profile or of a control. */
final class VersionsReader {
  private final NodeReader r;

  VersionsReader(NodeReader r) {
    this.r = r;
  }

  VersionRange read(Node node, String what) {
    if (node == null) {
      return VersionRange.ALL;
    }
    Node.MapNode m = r.map(node, what);
    if (m == null) {
      return VersionRange.ALL;
    }
    r.onlyKeys(m, List.of("min", "max"), what);
    KubeVersion min = version(m.get("min"), what + ".min");
    KubeVersion max = version(m.get("max"), what + ".max");
    if (min != null && max != null && min.compareTo(max) > 0) {
      r.error(m.position(), what + ": min " + min + " is above max " + max);
    }
    return new VersionRange(min, max);
  }

  private KubeVersion version(Node n, String what) {
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s && !s.isNull()) {
      KubeVersion v = KubeVersion.parseOrNull(s.text());
      if (v != null && "float".equals(s.tag()) && s.plain() && s.text().matches("1\\.\\d0")) {
        r.error(
            n.position(),
            what
                + ": quote the version (\""
                + s.text()
                + "\"), YAML reads "
                + s.text()
                + " as a number");
        return null;
      }
      if (v != null) {
        return v;
      }
    }
    r.error(n.position(), what + " must be a Kubernetes minor such as \"1.34\"");
    return null;
  }
}
