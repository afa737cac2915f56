package dev.kubeharden.fleet;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * Generates a fleet: every node pool of an inventory, as {@code <cluster>/<pool>/...} bundles plus
 * a fleet report at the top. Each distinct combination of profiles, minor, variables, pool settings
 * and exceptions is resolved, rendered and validated once, the combinations in parallel over the
 * cores; pools that share one reuse its files. Written, the tree streams to a staging directory
 * that replaces the output in one recoverable switch; compared (--check and --dry-run), it is built
 * in memory. No problem in any pool lets anything be written.
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
   * @param bundle the whole tree; null when it was written (streamed, not held) or only resolved
   * @param changes null when writing (the tree is replaced as a whole); the differences for check
   *     and dry run
   * @param fileCount how many files the tree has
   */
  public record Result(
      Inventory inventory,
      List<Pool> pools,
      List<ResolvedProfile> configurations,
      Bundle bundle,
      BundleChanges changes,
      int fileCount) {}

  private final ProfileCatalog catalog;
  final Templates templates;
  private final ExpiryPolicy expiry;

  /** A fleet service whose exceptions expire by the system clock, with the default window. */
  public FleetService(ProfileCatalog catalog, Templates templates) {
    this(catalog, templates, ExpiryPolicy.system());
  }

  public FleetService(ProfileCatalog catalog, Templates templates, ExpiryPolicy expiry) {
    this.catalog = catalog;
    this.templates = templates;
    this.expiry = expiry;
  }

  /** Reads and validates an inventory file (exit 3 material on any problem). */
  public Inventory load(Path inventory) {
    return InventoryParser.read(inventory, catalog);
  }

  /**
   * The distinct configurations of {@code inventory}, exceptions expiring by this service's policy.
   */
  FleetPlan plan(Inventory inventory) {
    return FleetPlan.of(inventory, expiry);
  }

  /**
   * Resolves every distinct configuration without rendering, for listing exceptions: an expired
   * exception is flagged there, not an error. Other problems throw as for {@link #build}.
   */
  public Result resolve(Inventory inventory) {
    FleetPlan plan = FleetPlan.of(inventory, expiry.listing());
    int n = plan.requests().size();
    ResolvedProfile[] resolved = new ResolvedProfile[n];
    List<List<Problem>> problems = new ArrayList<>(java.util.Collections.nCopies(n, List.of()));
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              try {
                resolved[i] = new ProfileResolver(catalog).resolve(plan.requests().get(i));
              } catch (InvalidInputException e) {
                problems.set(i, e.problems());
              }
            });
    List<Problem> all = new ArrayList<>();
    problems.forEach(all::addAll);
    all.addAll(InventoryExceptions.check(inventory, plan.pools(), resolved, expiry.listing()));
    if (!all.isEmpty()) {
      throw new InvalidInputException(inOrder(all, inventory.source()));
    }
    return new Result(inventory, plan.pools(), List.of(resolved), null, null, 0);
  }

  /**
   * Resolves, renders and validates every configuration on all cores, handing each bundle to {@code
   * rendered} (from the worker that made it) as soon as it is valid; collects every problem of
   * every configuration and the checks across pools, and throws them all at the end, inventory
   * first. Once a configuration has a problem, no further bundle is handed on.
   */
  ResolvedProfile[] resolveAll(
      Inventory inventory,
      FleetPlan plan,
      Progress progress,
      BiConsumer<Integer, Bundle> rendered) {
    List<ResolveRequest> requests = plan.requests();
    int n = plan.size();
    ResolvedProfile[] resolved = new ResolvedProfile[n];
    List<List<Problem>> problems = new ArrayList<>(java.util.Collections.nCopies(n, List.of()));
    AtomicBoolean failed = new AtomicBoolean();
    BundleRenderer renderer = new BundleRenderer(templates);
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              try {
                ResolvedProfile rp = new ProfileResolver(catalog).resolve(requests.get(i));
                Bundle b = GenerateService.assemble(rp, renderer, plan.targetsOf().get(i));
                resolved[i] = rp;
                if (!failed.get()) {
                  rendered.accept(i, b);
                }
              } catch (InvalidInputException e) {
                problems.set(i, e.problems());
                failed.set(true);
              } finally {
                progress.step();
              }
            });
    progress.done();
    List<Problem> all = new ArrayList<>();
    problems.forEach(all::addAll);
    all.addAll(
        InventoryExceptions.check(inventory, plan.pools(), forChecks(resolved, requests), expiry));
    if (!all.isEmpty()) {
      throw new InvalidInputException(inOrder(all, inventory.source()));
    }
    return resolved;
  }

  /** Resolves, renders and validates the whole fleet in memory; writes nothing. */
  public Result build(Inventory inventory, Progress progress) {
    FleetPlan plan = plan(inventory);
    Bundle[] bundles = new Bundle[plan.size()];
    progress.phase("resolving and rendering", plan.size());
    List<ResolvedProfile> configurations =
        List.of(resolveAll(inventory, plan, progress, (i, b) -> bundles[i] = b));
    Map<String, String> files = new HashMap<>();
    for (Pool pool : plan.pools()) {
      String clusterDir = pool.cluster().name() + "/";
      String poolDir = clusterDir + pool.pool().name() + "/";
      for (Map.Entry<String, String> e : bundles[pool.configuration()].files().entrySet()) {
        if (isClusterFile(e.getKey())) {
          String prior = files.putIfAbsent(clusterDir + e.getKey(), e.getValue());
          if (prior != null && !prior.equals(e.getValue())) {
            throw disagree(pool, e.getKey());
          }
        } else {
          files.put(poolDir + e.getKey(), e.getValue());
        }
      }
    }
    FleetReport report = new FleetReport(inventory, configurations, poolViews(plan.pools()));
    files.put("REPORT.md", report.markdown(templates));
    files.put("report.json", report.json(files));
    return new Result(
        inventory, plan.pools(), configurations, new Bundle(files), null, files.size());
  }

  /**
   * Once per cluster: every pool of a cluster shares its profiles, minor and variables, and pool
   * exceptions cannot touch control-plane or cluster controls, so the pools must agree.
   */
  static boolean isClusterFile(String path) {
    return CLUSTER_DIRS.stream().anyMatch(path::startsWith);
  }

  static IllegalStateException disagree(Pool pool, String path) {
    return new IllegalStateException(
        "node pools of cluster " + pool.cluster().name() + " disagree on " + path);
  }

  /**
   * Builds, then writes the tree to {@code out} in one step, or compares it with what is there.
   * Writing streams: each configuration's pools go to the staging directory as soon as it is
   * rendered and validated, and only its hashes stay in memory; the fleet report is written last,
   * then the staging directory replaces {@code out} in one switch. A problem in any pool, or a
   * target that may not be replaced, leaves {@code out} untouched.
   */
  public Result generate(Path inventoryFile, Path out, GenerateService.Mode mode, Progress progress)
      throws IOException {
    Inventory inventory = load(inventoryFile);
    if (mode == GenerateService.Mode.WRITE) {
      return FleetWriter.write(this, inventory, out, progress);
    }
    Result r = build(inventory, progress);
    BundleChanges changes = BundleChanges.between(BundleWriter.read(out), r.bundle().files());
    return new Result(
        r.inventory(), r.pools(), r.configurations(), r.bundle(), changes, r.fileCount());
  }

  static List<FleetReport.PoolView> poolViews(List<Pool> pools) {
    List<FleetReport.PoolView> out = new ArrayList<>();
    for (Pool p : pools) {
      out.add(new FleetReport.PoolView(p.cluster(), p.pool(), p.configuration()));
    }
    return out;
  }

  /**
   * The resolved configurations, with those that failed resolved again without failing on expired
   * exceptions, so the checks across pools still see what their exceptions did.
   */
  private ResolvedProfile[] forChecks(ResolvedProfile[] resolved, List<ResolveRequest> requests) {
    ResolvedProfile[] out = resolved.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        try {
          out[i] =
              new ProfileResolver(catalog)
                  .resolve(requests.get(i).withExpiry(requests.get(i).expiry().listing()));
        } catch (InvalidInputException e) {
          // its other problems are reported already
        }
      }
    }
    return out;
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
