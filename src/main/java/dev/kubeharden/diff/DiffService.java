package dev.kubeharden.diff;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.diff.format.DiffHead;
import dev.kubeharden.fleet.FleetLayer;
import dev.kubeharden.fleet.InventoryParser;
import dev.kubeharden.inspect.EffectiveConfig;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeInspector;
import dev.kubeharden.inspect.NodeLayout;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.DiffReport;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.NodePaths;
import dev.kubeharden.render.Templates;
import dev.kubeharden.write.UnifiedPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a diff: resolves the profile (for an inventory, each cluster's and pool's) once and, for
 * --patch, renders its hardened config.yaml once; {@link DiffStream} then inspects and compares
 * each node. {@link #diff} is the same in memory.
 */
public final class DiffService {
  /**
   * What to diff. {@code fleet} marks a directory of nodes (a per-node report and a fleet summary).
   */
  public record Request(
      ResolveRequest profile,
      List<DiffPlan.Node> nodes,
      boolean fleet,
      boolean patch,
      String target) {
    public Request {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * Directories of a generated pool bundle that carry configuration for other tools, not a node's
   * files.
   */
  private static final Set<String> BUNDLE_CARRIERS = Set.of("kubeadm", "standalone");

  private final ProfileCatalog catalog;
  private final dev.kubeharden.model.ExpiryPolicy expiry;

  public DiffService(ProfileCatalog catalog) {
    this(catalog, dev.kubeharden.model.ExpiryPolicy.system());
  }

  /** A diff whose inventory exceptions expire by {@code expiry} (a request carries its own). */
  public DiffService(ProfileCatalog catalog, dev.kubeharden.model.ExpiryPolicy expiry) {
    this.catalog = catalog;
    this.expiry = expiry;
  }

  /** The plan of diffing nodes against one profile. */
  public DiffPlan plan(Request req) {
    return plan(req, null);
  }

  /**
   * The plan of diffing nodes against one profile and, when {@code cluster} is not null, a cluster
   * section after them: the profile's control-plane and cluster controls against the cluster inputs
   * {@code cluster} reads (on a worker, so an input problem is reported with the nodes').
   */
  public DiffPlan plan(
      Request req, java.util.function.Supplier<dev.kubeharden.inspect.ClusterView> cluster) {
    ResolvedProfile resolved = new ProfileResolver(catalog).resolve(req.profile());
    ResolvedProfile rp = req.target() == null ? resolved : attestedBy(resolved, req.target());
    String hardened = req.patch() ? hardenedConfig(req.profile()) : null;
    List<DiffPlan.Job> jobs = new ArrayList<>();
    for (DiffPlan.Node n : req.nodes()) {
      jobs.add(new DiffPlan.Job(n.name(), n.inputs(), rp, hardened));
    }
    if (cluster != null) {
      jobs.add(
          new DiffPlan.Job(
              ClusterEvaluator.NAME,
              () -> {
                throw new IllegalStateException("the cluster section has no node inputs");
              },
              rp,
              null,
              () -> ClusterEvaluator.evaluate(rp, cluster.get())));
    }
    List<String> attested = rp.notes().subList(resolved.notes().size(), rp.notes().size());
    return new DiffPlan(
        DiffHead.of(rp.name(), rp.version(), rules(rp, cluster != null), req.fleet()),
        jobs,
        attested);
  }

  /**
   * The plan of diffing an inventory's fleet: {@code dir} holds {@code <cluster>/<pool>/<node>/}
   * node directories, each diffed against the resolved profile of its cluster and pool (resolved
   * once per distinct combination, as {@code FleetService} does) and reported as {@code
   * cluster/pool/node}. A cluster or pool directory the inventory does not list is an input
   * problem; a pool without node directories is absent from the report, and a plan without jobs
   * means {@code dir} holds no node directory at all.
   */
  public DiffPlan inventory(Path inventoryFile, Path dir, boolean patch) {
    Inventory inv = InventoryParser.read(inventoryFile, catalog);
    List<Problem> problems = new ArrayList<>();
    Map<String, ResolvedProfile> resolved = new HashMap<>();
    Map<String, String> hardened = new HashMap<>();
    Map<String, ResolvedProfile> byCluster = new LinkedHashMap<>();
    List<DiffPlan.Job> jobs = new ArrayList<>();
    for (Path cd : subdirectories(dir)) {
      String cn = cd.getFileName().toString();
      var cluster =
          inv.clusters().stream().filter(c -> c.name().equals(cn)).findFirst().orElse(null);
      if (cluster == null) {
        problems.add(
            Problem.error(
                Position.of(cd.toString()),
                "cluster '" + cn + "' is not in the inventory " + inv.source()));
        continue;
      }
      for (Path pd : subdirectories(cd)) {
        String pn = pd.getFileName().toString();
        if (InventoryParser.RESERVED_POOL_NAMES.contains(pn)) {
          continue; // generate --inventory's per-cluster artifacts, not a pool
        }
        var pool =
            cluster.nodePools().stream().filter(p -> p.name().equals(pn)).findFirst().orElse(null);
        if (pool == null) {
          problems.add(
              Problem.error(
                  Position.of(pd.toString()),
                  "node pool '"
                      + pn
                      + "' of cluster '"
                      + cn
                      + "' is not in the inventory "
                      + inv.source()));
          continue;
        }
        if (NodeLayout.isNodeDir(pd)) {
          problems.add(
              Problem.error(
                  Position.of(pd.toString()),
                  "node pool directory holds a node's files itself; put each node in "
                      + pd
                      + "/<node>/"));
          continue;
        }
        List<Path> nodes = new ArrayList<>(subdirectories(pd));
        // generate --inventory's kubeadm/ and standalone/ carriers sit beside node/ in a pool: not
        // nodes.
        nodes.removeIf(n -> BUNDLE_CARRIERS.contains(n.getFileName().toString()));
        if (nodes.isEmpty()) {
          continue;
        }
        String key = FleetLayer.key(cluster, pool);
        ResolvedProfile rp = resolved.get(key);
        if (rp == null && !resolved.containsKey(key)) {
          ResolveRequest req = FleetLayer.request(inv, cluster, pool, expiry);
          try {
            rp = new ProfileResolver(catalog).resolve(req);
            if (patch) {
              hardened.put(key, hardenedConfig(req));
            }
          } catch (InvalidInputException e) {
            problems.addAll(e.problems());
          }
          resolved.put(key, rp);
        }
        if (rp == null) {
          continue;
        }
        byCluster.putIfAbsent(cn, rp);
        for (Path nd : nodes) {
          String name = cn + "/" + pn + "/" + nd.getFileName();
          jobs.add(
              new DiffPlan.Job(
                  name, () -> NodeLayout.of(name, nd), resolved.get(key), hardened.get(key)));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(new ArrayList<>(new LinkedHashSet<>(problems)));
    }
    StringBuilder title = new StringBuilder("kubeharden diff: inventory " + inv.source() + "\n");
    byCluster.forEach(
        (c, rp) ->
            title
                .append("  cluster ")
                .append(c)
                .append(": profile ")
                .append(rp.name())
                .append(" for Kubernetes ")
                .append(rp.version())
                .append('\n'));
    List<String> names = byCluster.values().stream().map(ResolvedProfile::name).distinct().toList();
    List<String> versions =
        byCluster.values().stream().map(rp -> rp.version().toString()).distinct().toList();
    List<Control> controls = new ArrayList<>();
    java.util.Set<ResolvedProfile> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (DiffPlan.Job j : jobs) {
      if (seen.add(j.profile())) {
        controls.addAll(rules(j.profile(), false));
      }
    }
    return new DiffPlan(
        new DiffHead(
            title.toString(),
            String.join(", ", names),
            String.join(", ", versions),
            controls,
            true),
        jobs,
        List.of());
  }

  /**
   * The controls a report lists as rules: the active ones, then the node controls exceptions
   * switched off (their findings are reported as suppressed), and with a cluster section its
   * switched-off controls too.
   */
  private static List<Control> rules(ResolvedProfile rp, boolean cluster) {
    List<Control> out = new ArrayList<>(rp.controls());
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      if (cluster || "node".equals(d.control().scope())) {
        out.add(d.control());
      }
    }
    return out;
  }

  /** The sub-directories of {@code dir}, by name. */
  public static List<Path> subdirectories(Path dir) {
    try (var s = Files.list(dir)) {
      // Each name taken once, not at every comparison of the sort (10,000 node directories).
      return s.filter(Files::isDirectory)
          .map(p -> java.util.Map.entry(p.getFileName().toString(), p))
          .sorted(java.util.Map.Entry.comparingByKey())
          .map(java.util.Map.Entry::getValue)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A diff in memory: every node of the plan of {@code req}, in order. */
  public DiffReport diff(Request req) {
    return diff(req, new NodeMemo());
  }

  /**
   * As {@link #diff(Request)}, node directories that read alike taking their diffs from {@code
   * memo}.
   */
  DiffReport diff(Request req, NodeMemo memo) {
    if (req.nodes().isEmpty()) {
      throw new IllegalArgumentException("a diff needs a node");
    }
    DiffPlan plan = plan(req);
    List<Object> results =
        plan.jobs().parallelStream()
            .map(
                j -> {
                  try {
                    return (Object) node(j, memo);
                  } catch (InvalidInputException e) {
                    return e;
                  }
                })
            .toList();
    List<NodeDiff> nodes = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Object r : results) {
      if (r instanceof NodeDiff d) {
        nodes.add(d);
      } else {
        problems.addAll(((InvalidInputException) r).problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    DiffHead h = plan.head();
    return new DiffReport(
        h.profile(),
        plan.jobs().get(0).profile().version(),
        h.controls(),
        nodes,
        h.fleet(),
        plan.attested());
  }

  /**
   * One node of a plan, read, inspected and compared; a node directory that reads like one {@code
   * memo} holds takes that node's diff.
   */
  static NodeDiff node(DiffPlan.Job job, NodeMemo memo) {
    if (job.section() != null) {
      return job.section().get();
    }
    NodeInputs in = job.inputs().get();
    java.util.Map<java.nio.file.Path, String> reads = new java.util.HashMap<>();
    dev.kubeharden.inspect.NodeSignature signature =
        dev.kubeharden.inspect.NodeSignature.of(in, reads);
    if (signature == null) {
      return node(job, in, reads);
    }
    return memo.diff(
        in.name(), job.profile(), job.hardened(), signature, () -> node(job, in, reads));
  }

  private static NodeDiff node(
      DiffPlan.Job job, NodeInputs in, java.util.Map<java.nio.file.Path, String> reads) {
    ResolvedProfile rp = job.profile();
    EffectiveConfig ec = NodeInspector.inspect(in, rp.version(), reads);
    String patch = job.hardened() == null ? null : patch(ec, job.hardened());
    return DriftEvaluator.evaluate(in.name(), rp, ec, auditor(in, rp, reads), patch);
  }

  private String hardenedConfig(ResolveRequest request) {
    return new GenerateService(catalog, new Templates(null))
        .build(request)
        .bundle()
        .files()
        .get(NodePaths.STANDALONE_CONFIG);
  }

  /**
   * kube-bench's view of a node (cfg/config.yaml node.kubelet.confs and the flags, never
   * --config-dir), or null when it is the effective view (no drop-ins, a config file it finds). The
   * node's files already read for the effective view ({@code reads}) are not read again.
   */
  static EffectiveConfig auditor(
      NodeInputs in, ResolvedProfile rp, java.util.Map<java.nio.file.Path, String> reads) {
    if (in.configDir() == null && in.auditorSeesConfig()) {
      return null;
    }
    try {
      return NodeInspector.inspect(in.auditorView(), rp.version(), reads);
    } catch (InvalidInputException e) {
      return null;
    }
  }

  /** A unified diff from the current config file (or nothing) to the hardened config.yaml. */
  static String patch(EffectiveConfig ec, String hardened) {
    return UnifiedPatch.of(
        "a" + NodePaths.KUBELET_CONFIG, ec.configText(), "b" + NodePaths.KUBELET_CONFIG, hardened);
  }

  /**
   * The profile as a node of {@code target} is held to: a requirement on a field the target manages
   * itself (provider-managed in facts/targets.tsv) is attested by the platform, not checked on the
   * node, and the profile's notes say so. A field the target cannot express stays checked: the node
   * must show it.
   */
  static ResolvedProfile attestedBy(ResolvedProfile rp, String targetName) {
    dev.kubeharden.target.Target t =
        dev.kubeharden.target.Targets.find(targetName)
            .orElseThrow(() -> new IllegalArgumentException("unknown target " + targetName));
    java.util.Map<String, dev.kubeharden.target.Expressibility.Carrier> managed =
        new java.util.LinkedHashMap<>();
    rp.config()
        .keySet()
        .forEach(
            field -> {
              var c = t.carrier(field, rp.config());
              if (c.kind() == dev.kubeharden.target.Expressibility.Kind.PROVIDER_MANAGED) {
                managed.put(field, c);
              }
            });
    List<dev.kubeharden.model.Control> controls = new ArrayList<>();
    for (dev.kubeharden.model.Control c : rp.controls()) {
      controls.add(
          c.withRequirements(
              r ->
                  !managed.containsKey(
                      ProfileResolver.fieldOf(
                          dev.kubeharden.kubelet.KubeletSchema.get(), r.path()))));
    }
    List<String> notes = new ArrayList<>(rp.notes());
    managed.forEach(
        (field, c) ->
            notes.add(
                "attested by "
                    + targetName
                    + " (not checked on the node): "
                    + field
                    + ": "
                    + c.detail()));
    return rp.withControls(notes, controls);
  }
}
