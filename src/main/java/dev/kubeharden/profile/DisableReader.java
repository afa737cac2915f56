package dev.kubeharden.profile;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Node;
import dev.kubeharden.yaml.NodeReader;
import java.util.ArrayList;
import java.util.List;

/** Reads a profile's {@code disable:} list: controls switched off, each with a reason. */
final class DisableReader {
  private DisableReader() {}

  static List<Disable> read(NodeReader r, Node node, String profileName) {
    List<Disable> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(node, "disable");
    if (seq == null) {
      return out;
    }
    for (Node item : seq.items()) {
      Node.MapNode m = r.map(item, "disable[]");
      if (m == null) {
        continue;
      }
      r.onlyKeys(m, List.of("control", "reason"), "disable[]");
      String id = r.string(m, "control", "disable[]", true);
      String reason = r.string(m, "reason", "disable[]", true);
      if (reason != null && reason.isBlank()) {
        r.error(m.get("reason").position(), "disable[]: the reason must not be empty");
      }
      if (id != null) {
        out.add(new Disable(id, reason, profileName, r.keyPosition(m, "control")));
      }
    }
    return out;
  }
}
