package dev.kubeharden.fleet;

import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.profile.ResolveRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct configurations of an inventory, in order of first use: their requests and targets,
 * and every pool with the index of its configuration.
 */
record FleetPlan(
    List<ResolveRequest> requests, List<List<String>> targetsOf, List<FleetService.Pool> pools) {
  static FleetPlan of(Inventory inventory, ExpiryPolicy expiry) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<ResolveRequest> requests = new ArrayList<>();
    List<List<String>> targetsOf = new ArrayList<>();
    List<FleetService.Pool> pools = new ArrayList<>();
    for (Inventory.Cluster c : inventory.clusters()) {
      for (Inventory.NodePool p : c.nodePools()) {
        Integer i = index.get(FleetLayer.key(c, p));
        if (i == null) {
          i = requests.size();
          index.put(FleetLayer.key(c, p), i);
          requests.add(FleetLayer.request(inventory, c, p, expiry));
          targetsOf.add(c.targets());
        }
        pools.add(new FleetService.Pool(c, p, i));
      }
    }
    return new FleetPlan(requests, targetsOf, pools);
  }

  int size() {
    return requests.size();
  }

  /** The pools of each configuration, in inventory order. */
  List<List<FleetService.Pool>> byConfiguration() {
    List<List<FleetService.Pool>> out = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      out.add(new ArrayList<>());
    }
    pools.forEach(p -> out.get(p.configuration()).add(p));
    return out;
  }
}
