package dev.kubeharden.fleet;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.ExceptionUse;
import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.Scope;
import dev.kubeharden.model.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks on an inventory's exceptions that need every pool resolved: an exception of the
 * defaults or a cluster applies to many pools, and is wrong only if it is wrong for all of them.
 */
final class InventoryExceptions {
  private InventoryExceptions() {}

  /** One declared inventory exception in one pool, and what it did there. */
  record PoolUse(FleetService.Pool pool, Disable declared, ExceptionUse use) {}

  /**
   * What each inventory exception of a pool did, in declaration order (defaults, cluster, pool).
   * The pool's resolution lists its profiles' exceptions first, then the inventory's, one use each.
   */
  static List<PoolUse> uses(FleetService.Pool pool, ResolvedProfile rp) {
    List<Disable> declared = FleetLayer.exceptions(pool.cluster(), pool.pool());
    List<ExceptionUse> all = rp.exceptions();
    int first = all.size() - declared.size();
    List<PoolUse> out = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      out.add(new PoolUse(pool, declared.get(i), all.get(first + i)));
    }
    return out;
  }

  /**
   * Expired exceptions (each at its own position, also where pools share a configuration), pool
   * exceptions of control-plane or cluster controls (those are per cluster: the cluster's or the
   * defaults' exceptions may switch them off, for every pool alike), and exceptions whose control
   * no pool they apply to defines. Pools that did not resolve are skipped: their problems are
   * reported already.
   */
  static List<Problem> check(
      Inventory inventory,
      List<FleetService.Pool> pools,
      ResolvedProfile[] resolved,
      ExpiryPolicy expiry) {
    Set<Problem> out = new LinkedHashSet<>();
    Map<Position, Disable> declared = new LinkedHashMap<>();
    Map<Position, Boolean> defined = new LinkedHashMap<>();
    Map<Position, Set<String>> candidates = new LinkedHashMap<>();
    for (FleetService.Pool pool : pools) {
      for (Disable d : FleetLayer.exceptions(pool.cluster(), pool.pool())) {
        declared.putIfAbsent(d.position(), d);
        if (expiry.enforced() && expiry.expired(d)) {
          out.add(Problem.error(d.position(), expiry.expiredMessage(d)));
        }
      }
      ResolvedProfile rp = resolved[pool.configuration()];
      if (rp == null) {
        continue;
      }
      for (PoolUse u : uses(pool, rp)) {
        Position pos = u.declared().position();
        Control c = u.use().control();
        defined.merge(pos, c != null, Boolean::logicalOr);
        candidates.computeIfAbsent(pos, k -> new LinkedHashSet<>()).addAll(controlIds(rp));
        boolean ofPool = pool.pool().exceptions().contains(u.declared());
        if (ofPool && c != null && c.scopeKind() != Scope.NODE && c.scopeKind() != Scope.PROCESS) {
          out.add(
              Problem.error(
                  pos,
                  "exception: control "
                      + c.id()
                      + " acts on the "
                      + c.scopeKind()
                      + ", not on a node pool; except it for the whole cluster (the cluster's"
                      + " exceptions) or disable it in a profile instead"));
        }
      }
    }
    defined.forEach(
        (pos, any) -> {
          if (!any) {
            String id = declared.get(pos).controlId();
            out.add(
                Problem.error(
                    pos,
                    "exception: unknown control "
                        + id
                        + notInAny(inventory, pos)
                        + Suggestions.hint(id, candidates.get(pos))));
          }
        });
    return new ArrayList<>(out);
  }

  /** For an exception of the defaults or a cluster: it was looked for in several pools. */
  private static String notInAny(Inventory inventory, Position pos) {
    for (Inventory.Cluster c : inventory.clusters()) {
      if (c.exceptions().stream().anyMatch(d -> d.position().equals(pos))) {
        return " (no pool it applies to has it)";
      }
    }
    return "";
  }

  private static Set<String> controlIds(ResolvedProfile rp) {
    Set<String> ids = new LinkedHashSet<>();
    rp.controls().forEach(c -> ids.add(c.id()));
    rp.disabled().forEach(d -> ids.add(d.control().id()));
    rp.notApplicable().forEach(n -> ids.add(n.control().id()));
    return ids;
  }
}
