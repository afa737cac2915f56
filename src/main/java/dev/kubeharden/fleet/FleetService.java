package dev.kubeharden.fleet;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.Scope;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.BundleRenderer;
import dev.kubeharden.render.Templates;
import dev.kubeharden.write.BundleChanges;
import dev.kubeharden.write.BundleWriter;
import dev.kubeharden.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Generates a fleet: every node pool of an inventory, as {@code <cluster>/<pool>/...} bundles plus
 * a fleet report at the top. Each distinct combination of profiles, minor, variables, pool settings
 * and exceptions is resolved, rendered and validated once, the combinations in parallel over the
 * cores; pools that share one reuse its files. The whole tree is then written in one atomic step
 * (or compared, for --check and --dry-run). No problem in any pool lets anything be written.
 */
public final class FleetService {
  /**
   * Per-cluster artifacts in a bundle: placed once under {@code <cluster>/}, not under every pool.
   */
  public static final List<String> CLUSTER_DIRS = List.of("control-plane/", "cluster/");

  /** Progress of long work; the CLI shows it on a terminal. Calls come from several threads. */
  public interface Progress {
    Progress NONE = new Progress() {};

    default void phase(String name, int total) {}

    default void step() {}

    default void done() {}
  }

  /**
   * One pool and the configuration it got ({@code configuration} indexes {@link
   * Result#configurations}).
   */
  public record Pool(Inventory.Cluster cluster, Inventory.NodePool pool, int configuration) {}

  /**
   * What a fleet run produced.
   *
   * @param configurations each distinct resolved configuration, in order of first use
   * @param changes null when writing (the tree is replaced as a whole); the differences for check
   *     and dry run
   */
  public record Result(
      Inventory inventory,
      List<Pool> pools,
      List<ResolvedProfile> configurations,
      Bundle bundle,
      BundleChanges changes) {}

  private final ProfileCatalog catalog;
  private final Templates templates;

  public FleetService(ProfileCatalog catalog, Templates templates) {
    this.catalog = catalog;
    this.templates = templates;
  }

  /** Reads and validates an inventory file (exit 3 material on any problem). */
  public Inventory load(Path inventory) {
    return InventoryParser.read(inventory, catalog);
  }

  /** Resolves, renders and validates the whole fleet in memory; writes nothing. */
  public Result build(Inventory inventory, Progress progress) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<ResolveRequest> requests = new ArrayList<>();
    List<List<String>> targetsOf = new ArrayList<>();
    List<Pool> pools = new ArrayList<>();
    for (Inventory.Cluster c : inventory.clusters()) {
      for (Inventory.NodePool p : c.nodePools()) {
        Integer i = index.get(FleetLayer.key(c, p));
        if (i == null) {
          i = requests.size();
          index.put(FleetLayer.key(c, p), i);
          requests.add(FleetLayer.request(inventory, c, p));
          targetsOf.add(c.targets());
        }
        pools.add(new Pool(c, p, i));
      }
    }
    int n = requests.size();
    ResolvedProfile[] resolved = new ResolvedProfile[n];
    Bundle[] bundles = new Bundle[n];
    List<List<Problem>> problems = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      problems.add(List.of());
    }
    progress.phase("resolving and rendering", n);
    BundleRenderer renderer = new BundleRenderer(templates);
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              try {
                ResolvedProfile rp = new ProfileResolver(catalog).resolve(requests.get(i));
                Bundle b = GenerateService.assemble(rp, renderer, targetsOf.get(i));
                resolved[i] = rp;
                bundles[i] = b;
              } catch (InvalidInputException e) {
                problems.set(i, e.problems());
              } finally {
                progress.step();
              }
            });
    progress.done();
    List<Problem> all = new ArrayList<>();
    problems.forEach(all::addAll);
    for (int i = 0; i < n; i++) {
      if (resolved[i] != null) {
        all.addAll(exceptionScopes(resolved[i], requests.get(i)));
      }
    }
    if (!all.isEmpty()) {
      throw new InvalidInputException(inOrder(all, inventory.source()));
    }
    List<ResolvedProfile> configurations = List.of(resolved);
    Map<String, String> files = new HashMap<>();
    for (Pool pool : pools) {
      String clusterDir = pool.cluster().name() + "/";
      String poolDir = clusterDir + pool.pool().name() + "/";
      for (Map.Entry<String, String> e : bundles[pool.configuration()].files().entrySet()) {
        if (CLUSTER_DIRS.stream().anyMatch(e.getKey()::startsWith)) {
          // Once per cluster: every pool of a cluster shares its profiles, minor and variables, and
          // pool exceptions
          // cannot touch control-plane or cluster controls, so the pools must agree.
          String prior = files.putIfAbsent(clusterDir + e.getKey(), e.getValue());
          if (prior != null && !prior.equals(e.getValue())) {
            throw new IllegalStateException(
                "node pools of cluster " + pool.cluster().name() + " disagree on " + e.getKey());
          }
        } else {
          files.put(poolDir + e.getKey(), e.getValue());
        }
      }
    }
    FleetReport report = new FleetReport(inventory, configurations, poolViews(pools));
    files.put("REPORT.md", report.markdown(templates));
    files.put("report.json", report.json(files));
    return new Result(inventory, pools, configurations, new Bundle(files), null);
  }

  /** Builds, then writes the tree to {@code out} in one step, or compares it with what is there. */
  public Result generate(Path inventoryFile, Path out, GenerateService.Mode mode, Progress progress)
      throws IOException {
    Result r = build(load(inventoryFile), progress);
    if (mode == GenerateService.Mode.WRITE) {
      progress.phase("writing", r.bundle().files().size());
      BundleWriter.write(r.bundle(), out, progress::step);
      progress.done();
      return r;
    }
    BundleChanges changes = BundleChanges.between(BundleWriter.read(out), r.bundle().files());
    return new Result(r.inventory(), r.pools(), r.configurations(), r.bundle(), changes);
  }

  private static List<FleetReport.PoolView> poolViews(List<Pool> pools) {
    List<FleetReport.PoolView> out = new ArrayList<>();
    for (Pool p : pools) {
      out.add(new FleetReport.PoolView(p.cluster(), p.pool(), p.configuration()));
    }
    return out;
  }

  /**
   * Exceptions are per node pool: a control that acts on the control plane or the cluster cannot be
   * one.
   */
  private static List<Problem> exceptionScopes(ResolvedProfile rp, ResolveRequest req) {
    List<Problem> out = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      Scope scope = d.control().scopeKind();
      if (FleetLayer.NAME.equals(d.by()) && scope != Scope.NODE && scope != Scope.PROCESS) {
        Position pos = positionOf(req, d.control().id());
        out.add(
            Problem.error(
                pos,
                "exception: control "
                    + d.control().id()
                    + " acts on the "
                    + scope
                    + ", not on a node pool;"
                    + " disable it in a profile with a reason instead"));
      }
    }
    return out;
  }

  private static Position positionOf(ResolveRequest req, String controlId) {
    for (var layer : req.layers()) {
      for (Disable d : layer.disabled()) {
        if (d.controlId().equals(controlId)) {
          return d.position();
        }
      }
    }
    return Position.of("(inventory)");
  }

  /**
   * Distinct problems, inventory first in line order, each with its source line where the inventory
   * is cited.
   */
  private static List<Problem> inOrder(List<Problem> problems, String inventory) {
    Set<Problem> distinct = new LinkedHashSet<>(problems);
    List<Problem> sorted = new ArrayList<>(distinct);
    sorted.sort(
        Comparator.comparing((Problem p) -> !p.position().source().equals(inventory))
            .thenComparing(p -> p.position().source())
            .thenComparingInt(p -> p.position().line())
            .thenComparingInt(p -> p.position().column()));
    String text = null;
    try {
      text = Files.readString(Path.of(inventory));
    } catch (IOException | RuntimeException e) {
      // without the text, problems are shown without their source line
    }
    List<Problem> out = new ArrayList<>();
    for (Problem p : sorted) {
      if (p.position().source().equals(inventory)) {
        String message =
            p.message().startsWith("disable: ")
                ? "exception: " + p.message().substring(9)
                : p.message();
        p = new Problem(p.position(), p.severity(), message, p.sourceLine());
        p = p.sourceLine() == null ? YamlLoader.withLine(p, text) : p;
      }
      out.add(p);
    }
    return out;
  }
}
