package dev.kubeharden.fleet;

import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Position;
import dev.kubeharden.yaml.NodeReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An inventory's optional {@code waves:}: rollout waves in order, each naming its node pools as
 * {@code cluster/pool}, or {@code cluster} for all of a cluster's pools. Every pool is in exactly
 * one wave; wave names are DNS-1123 labels (they name a branch) and unique.
 */
final class WavesReader {
  private WavesReader() {}

  static List<Inventory.Wave> read(Node node, List<Inventory.Cluster> clusters, NodeReader r) {
    if (node == null) {
      return List.of();
    }
    Node.SeqNode seq = r.seq(node, "waves");
    if (seq == null) {
      return List.of();
    }
    Map<String, List<String>> poolsOf = new LinkedHashMap<>();
    for (Inventory.Cluster c : clusters) {
      poolsOf.put(c.name(), c.nodePools().stream().map(p -> c.name() + "/" + p.name()).toList());
    }
    Set<String> all = new LinkedHashSet<>();
    poolsOf.values().forEach(all::addAll);
    Map<String, String> waveOf = new LinkedHashMap<>();
    Map<String, Position> names = new LinkedHashMap<>();
    List<Inventory.Wave> waves = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      String what = "waves[" + i + "]";
      Node.MapNode m = r.map(seq.items().get(i), what);
      if (m == null) {
        continue;
      }
      r.onlyKeys(m, List.of("name", "pools"), "wave");
      String name = r.string(m, "name", what, true);
      if (name != null && !InventoryParser.DNS_LABEL.matcher(name).matches()) {
        r.error(
            m.get("name").position(),
            "wave name \"" + name + "\" must be a DNS-1123 label: it names a branch");
        name = null;
      } else if (name != null && names.putIfAbsent(name, m.get("name").position()) != null) {
        r.error(
            m.get("name").position(),
            "duplicate wave name \""
                + name
                + "\" (first defined at line "
                + names.get(name).line()
                + ")");
        name = null;
      }
      Node.SeqNode members = m.get("pools") == null ? null : r.seq(m.get("pools"), what + ".pools");
      if (members == null) {
        if (m.get("pools") == null) {
          r.error(m.position(), what + " is missing required key \"pools\"");
        }
        continue;
      }
      List<String> pools = new ArrayList<>();
      for (Node item : members.items()) {
        String ref = r.scalarString(item, what + ".pools[]");
        if (ref == null) {
          continue;
        }
        List<String> named =
            ref.contains("/") ? (all.contains(ref) ? List.of(ref) : null) : poolsOf.get(ref);
        if (named == null) {
          r.error(
              item.position(),
              "wave pool \""
                  + ref
                  + "\" is neither a cluster nor a cluster/pool of this inventory");
          continue;
        }
        for (String p : named) {
          String earlier = waveOf.putIfAbsent(p, name == null ? what : name);
          if (earlier != null) {
            r.error(item.position(), "node pool " + p + " is already in wave " + earlier);
          } else {
            pools.add(p);
          }
        }
      }
      if (name != null) {
        waves.add(new Inventory.Wave(name, pools, m.position()));
      }
    }
    List<String> missing = all.stream().filter(p -> !waveOf.containsKey(p)).toList();
    if (!missing.isEmpty()) {
      r.error(
          seq.position(),
          "every node pool must be in a wave; not in any: " + String.join(", ", missing));
    }
    return waves;
  }
}
