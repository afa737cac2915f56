package dev.kubeharden.publish;

import dev.kubeharden.fleet.FleetService;
import dev.kubeharden.fleet.InventoryParser;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An inventory's rollout waves as one content each. Waves are cumulative: wave k's branch holds the
 * pools of waves 1 to k (so merging it never undoes an earlier wave), and the pools of later waves
 * stay as they are on the branch's base. The last wave also carries the fleet report and deletes
 * the directories of pools no longer in the inventory.
 */
public final class Waves {
  private Waves() {}

  /** One content per wave, in order; the inventory must declare waves. */
  public static List<PublishService.Content> contents(String name, FleetService.Result fleet) {
    Inventory inv = fleet.inventory();
    List<Inventory.Wave> waves = inv.waves();
    PublishService.Content whole = PublishService.Content.of(name, fleet);
    Set<String> allPools = new LinkedHashSet<>();
    inv.clusters()
        .forEach(c -> c.nodePools().forEach(p -> allPools.add(c.name() + "/" + p.name())));
    List<PublishService.Content> out = new ArrayList<>();
    Set<String> upTo = new LinkedHashSet<>();
    for (int k = 0; k < waves.size(); k++) {
      Inventory.Wave w = waves.get(k);
      upTo.addAll(w.pools());
      boolean last = k == waves.size() - 1;
      Set<String> included = Set.copyOf(upTo);
      Set<String> clusters = new LinkedHashSet<>();
      included.forEach(p -> clusters.add(p.substring(0, p.indexOf('/'))));
      Predicate<String> mine = rel -> ours(rel, included, clusters, last);
      Map<String, String> files = new TreeMap<>();
      fleet
          .bundle()
          .files()
          .forEach(
              (p, text) -> {
                if (mine.test(p)) {
                  files.put(p, text);
                }
              });
      Predicate<String> keep = rel -> !last && !mine.test(rel) && known(rel, allPools);
      Inventory.Wave previous = k == 0 ? null : waves.get(k - 1);
      String subject =
          whole.subject() + ", wave " + w.name() + " (" + (k + 1) + " of " + waves.size() + ")";
      String summary =
          whole.summary()
              + " Rollout wave "
              + w.name()
              + " ("
              + (k + 1)
              + " of "
              + waves.size()
              + "): "
              + String.join(", ", w.pools())
              + ".";
      out.add(
          new PublishService.Content(
              name,
              subject,
              summary,
              new Bundle(files),
              whole.warnings(),
              keep,
              new PublishService.Rollout(
                  w.name(),
                  k + 1,
                  waves.size(),
                  w.pools(),
                  previous == null ? null : previous.name(),
                  previous == null
                      ? null
                      : "kubeharden/" + PublishService.slug(name) + "/" + previous.name(),
                  previous == null)));
    }
    return out;
  }

  /** Whether a path of the fleet tree belongs to the waves up to this one. */
  private static boolean ours(String rel, Set<String> pools, Set<String> clusters, boolean last) {
    int slash = rel.indexOf('/');
    if (slash < 0) {
      return last; // the fleet report
    }
    int second = rel.indexOf('/', slash + 1);
    String cluster = rel.substring(0, slash);
    String dir = second < 0 ? "" : rel.substring(slash + 1, second);
    if (InventoryParser.RESERVED_POOL_NAMES.contains(dir)) {
      return clusters.contains(cluster);
    }
    return pools.contains(cluster + "/" + dir);
  }

  /**
   * Whether a path belongs to the inventory as it is (a pool's or cluster's directory, or the fleet
   * report): what an earlier wave leaves alone. Anything else is stale and goes.
   */
  private static boolean known(String rel, Set<String> pools) {
    int slash = rel.indexOf('/');
    if (slash < 0) {
      return true;
    }
    int second = rel.indexOf('/', slash + 1);
    String cluster = rel.substring(0, slash);
    String dir = second < 0 ? "" : rel.substring(slash + 1, second);
    if (InventoryParser.RESERVED_POOL_NAMES.contains(dir)) {
      return pools.stream().anyMatch(p -> p.startsWith(cluster + "/"));
    }
    return pools.contains(cluster + "/" + dir);
  }
}
