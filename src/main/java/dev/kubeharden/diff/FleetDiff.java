package dev.kubeharden.diff;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.diff.format.DiffJson;
import dev.kubeharden.diff.format.DiffText;
import dev.kubeharden.inspect.EffectiveConfig;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeInspector;
import dev.kubeharden.inspect.NodeLayout;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.NodePaths;
import dev.kubeharden.render.Templates;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fleet diff in text or json, streamed: each node directory is read, inspected, compared and
 * rendered to its part of the report on a worker thread; the main thread appends the parts in node
 * order to spool files and keeps only counts, so memory does not grow with the fleet. The report is
 * copied out only when no node had an input problem (then all problems are thrown together and
 * nothing is written), so the output is byte for byte what {@link DiffService} with {@link
 * DiffText} or {@link DiffJson} produces.
 */
public final class FleetDiff {
  /**
   * Directories of a generated pool bundle that carry configuration for other tools, not a node's
   * files.
   */
  private static final java.util.Set<String> BUNDLE_CARRIERS =
      java.util.Set.of("kubeadm", "standalone");

  public enum Format {
    TEXT,
    JSON
  }

  /** The counts of a finished fleet diff. */
  public record Summary(
      long nodes, long drifting, long findings, long down, List<Long> bySeverity) {
    public boolean drift() {
      return drifting > 0;
    }

    /**
     * Whether a finding at or above {@code severity} exists (low, medium, high, critical), or a
     * kubelet does not start.
     */
    public boolean failsAt(String severity) {
      if (down > 0) {
        return true;
      }
      int upTo = DiffText.SEVERITIES_DESC.indexOf(severity);
      for (int i = 0; i <= upTo; i++) {
        if (bySeverity.get(i) > 0) {
          return true;
        }
      }
      return false;
    }
  }

  private static final int WINDOW = 512;

  private final ProfileCatalog catalog;

  public FleetDiff(ProfileCatalog catalog) {
    this.catalog = catalog;
  }

  /** The node directories under {@code dir} (its sub-directories, by name), not yet read. */
  public static List<Path> nodeDirs(Path dir) {
    try (var s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Diffs every node against one profile and writes the whole report to {@code o}; {@code raw},
   * when not null, is the UTF-8 byte stream under {@code o}, which the spooled parts are copied to
   * without decoding.
   */
  public Summary run(
      ResolveRequest request,
      List<Path> dirs,
      boolean patch,
      Format format,
      boolean color,
      Writer o,
      java.io.OutputStream raw)
      throws IOException {
    ResolvedProfile rp = new ProfileResolver(catalog).resolve(request);
    String hardened = patch ? hardenedConfig(request) : null;
    List<Job> jobs = new ArrayList<>(dirs.size());
    for (Path d : dirs) {
      jobs.add(new Job(d, d.getFileName().toString(), rp, hardened));
    }
    return stream(
        jobs,
        format,
        color,
        o,
        raw,
        format == Format.TEXT ? DiffText.header(rp.name(), rp.version()) : null,
        rp.name(),
        rp.version().toString());
  }

  /**
   * Diffs the nodes of an inventory's fleet: {@code dir} holds {@code <cluster>/<pool>/<node>/}
   * node directories, each diffed against the resolved profile of its cluster and pool (resolved
   * once per distinct combination, as {@link FleetService} does) and reported as {@code
   * cluster/pool/node}. A cluster or pool directory the inventory does not list is an input
   * problem; a pool without node directories is absent from the report.
   *
   * @return null when {@code dir} holds no node directory at all
   */
  public Summary runInventory(
      Path inventoryFile,
      Path dir,
      boolean patch,
      Format format,
      boolean color,
      Writer o,
      java.io.OutputStream raw)
      throws IOException {
    dev.kubeharden.model.Inventory inv =
        dev.kubeharden.fleet.InventoryParser.read(inventoryFile, catalog);
    List<Problem> problems = new ArrayList<>();
    java.util.Map<String, ResolvedProfile> resolved = new java.util.HashMap<>();
    java.util.Map<String, String> hardened = new java.util.HashMap<>();
    java.util.Map<String, ResolvedProfile> byCluster = new java.util.LinkedHashMap<>();
    List<Job> jobs = new ArrayList<>();
    for (Path cd : nodeDirs(dir)) {
      String cn = cd.getFileName().toString();
      var cluster =
          inv.clusters().stream().filter(c -> c.name().equals(cn)).findFirst().orElse(null);
      if (cluster == null) {
        problems.add(
            Problem.error(
                dev.kubeharden.model.Position.of(cd.toString()),
                "cluster '" + cn + "' is not in the inventory " + inv.source()));
        continue;
      }
      for (Path pd : nodeDirs(cd)) {
        String pn = pd.getFileName().toString();
        if (dev.kubeharden.fleet.InventoryParser.RESERVED_POOL_NAMES.contains(pn)) {
          continue; // generate --inventory's per-cluster artifacts, not a pool
        }
        var pool =
            cluster.nodePools().stream().filter(p -> p.name().equals(pn)).findFirst().orElse(null);
        if (pool == null) {
          problems.add(
              Problem.error(
                  dev.kubeharden.model.Position.of(pd.toString()),
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
                  dev.kubeharden.model.Position.of(pd.toString()),
                  "node pool directory holds a node's files itself; put each node in "
                      + pd
                      + "/<node>/"));
          continue;
        }
        List<Path> nodes = new ArrayList<>(nodeDirs(pd));
        // generate --inventory's kubeadm/ and standalone/ carriers sit beside node/ in a pool: not
        // nodes.
        nodes.removeIf(n -> BUNDLE_CARRIERS.contains(n.getFileName().toString()));
        if (nodes.isEmpty()) {
          continue;
        }
        String key = dev.kubeharden.fleet.FleetLayer.key(cluster, pool);
        ResolvedProfile rp = resolved.get(key);
        if (rp == null && !resolved.containsKey(key)) {
          ResolveRequest req = dev.kubeharden.fleet.FleetLayer.request(inv, cluster, pool);
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
          jobs.add(new Job(nd, cn + "/" + pn + "/" + nd.getFileName(), rp, hardened.get(key)));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(new ArrayList<>(new java.util.LinkedHashSet<>(problems)));
    }
    if (jobs.isEmpty()) {
      return null;
    }
    StringBuilder header = new StringBuilder("kubeharden diff: inventory " + inv.source() + "\n");
    byCluster.forEach(
        (c, rp) ->
            header
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
    return stream(
        jobs,
        format,
        color,
        o,
        raw,
        header.toString(),
        String.join(", ", names),
        String.join(", ", versions));
  }

  /**
   * One node to diff: its directory, its name in the report, its profile and hardened config (for
   * --patch).
   */
  private record Job(Path dir, String name, ResolvedProfile rp, String hardened) {}

  private Summary stream(
      List<Job> dirs,
      Format format,
      boolean color,
      Writer o,
      java.io.OutputStream raw,
      String textHeader,
      String profileName,
      String version)
      throws IOException {
    Path spool = dev.kubeharden.write.ScratchDirs.create("kubeharden-diff");
    try {
      int parts = format == Format.TEXT ? 1 : 4;
      Writer[] w = new Writer[parts];
      Path[] files = new Path[parts];
      for (int i = 0; i < parts; i++) {
        files[i] = spool.resolve("part" + i);
        w[i] =
            new BufferedWriter(Files.newBufferedWriter(files[i], StandardCharsets.UTF_8), 1 << 16);
      }
      boolean[] started = new boolean[parts];
      long nodes = 0;
      long drifting = 0;
      long findings = 0;
      long down = 0;
      long[] bySeverity = new long[4];
      List<Problem> problems = new ArrayList<>();
      int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
      ExecutorService pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "diff-worker");
                t.setDaemon(true);
                return t;
              });
      try {
        ArrayDeque<Future<Part>> window = new ArrayDeque<>();
        int next = 0;
        while (next < dirs.size() || !window.isEmpty()) {
          while (next < dirs.size() && window.size() < WINDOW) {
            Job d = dirs.get(next++);
            window.add(pool.submit(() -> one(d, format, color)));
          }
          Part p = take(window.poll());
          if (p.problems != null) {
            problems.addAll(p.problems);
            continue;
          }
          if (!problems.isEmpty()) {
            continue;
          }
          nodes++;
          findings += p.findings;
          if (p.findings > 0 || p.down) {
            drifting++;
          }
          if (p.down) {
            down++;
          }
          for (int i = 0; i < 4; i++) {
            bySeverity[i] += p.bySeverity.get(i);
          }
          for (int i = 0; i < parts; i++) {
            String s = p.texts.get(i);
            if (format == Format.JSON && s.isEmpty()) {
              continue;
            }
            if (format == Format.JSON && started[i]) {
              w[i].write(",\n");
            }
            started[i] = true;
            w[i].write(s);
          }
        }
      } finally {
        pool.shutdownNow();
        for (Writer x : w) {
          x.close();
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      if (format == Format.TEXT) {
        o.write(textHeader);
        copy(files[0], o, raw);
        o.write(DiffText.fleetLine(nodes, drifting, down, findings, bySeverity));
      } else {
        o.write(
            DiffJson.head(
                profileName, version, drifting > 0, nodes, drifting, findings, bySeverity));
        for (int i = 0; i < parts; i++) {
          o.write(",\n  \"" + DiffJson.ARRAYS.get(i) + "\": ");
          if (!started[i]) {
            o.write("[]");
            continue;
          }
          o.write("[\n");
          copy(files[i], o, raw);
          o.write("\n  ]");
        }
        o.write("\n}\n");
      }
      o.flush();
      return new Summary(
          nodes, drifting, findings, down, java.util.Arrays.stream(bySeverity).boxed().toList());
    } finally {
      try (var s = Files.list(spool)) {
        for (Path f : s.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(spool);
    }
  }

  private static void copy(Path file, Writer o, java.io.OutputStream raw) throws IOException {
    if (raw != null) {
      o.flush();
      Files.copy(file, raw);
      return;
    }
    try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.transferTo(o);
    }
  }

  private String hardenedConfig(ResolveRequest request) {
    return new GenerateService(catalog, new Templates(null))
        .build(request)
        .bundle()
        .files()
        .get(NodePaths.STANDALONE_CONFIG);
  }

  /** A node's rendered parts and counts, or its input problems. */
  private record Part(
      List<String> texts,
      long findings,
      boolean down,
      List<Long> bySeverity,
      List<Problem> problems) {}

  private static Part one(Job job, Format format, boolean color) {
    ResolvedProfile rp = job.rp();
    String hardened = job.hardened();
    try {
      NodeInputs in = NodeLayout.of(job.name(), job.dir());
      EffectiveConfig ec = NodeInspector.inspect(in, rp.version());
      String patch = hardened == null ? null : DiffService.patch(ec, hardened);
      NodeDiff d = DriftEvaluator.evaluate(in.name(), rp, ec, DiffService.auditor(in, rp), patch);
      long[] sev = new long[4];
      for (var f : d.findings()) {
        int i = DiffText.SEVERITIES_DESC.indexOf(f.severity());
        if (i >= 0) {
          sev[i]++;
        }
      }
      String[] texts =
          format == Format.TEXT ? new String[] {DiffText.section(d, color)} : DiffJson.fragments(d);
      List<Long> severities = new ArrayList<>();
      for (long n : sev) {
        severities.add(n);
      }
      return new Part(
          List.of(texts), d.findings().size(), !d.kubeletStarts(), List.copyOf(severities), null);
    } catch (InvalidInputException e) {
      return new Part(null, 0, false, null, e.problems());
    }
  }

  private static Part take(Future<Part> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }
}
