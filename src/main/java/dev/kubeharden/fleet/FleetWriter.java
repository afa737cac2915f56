package dev.kubeharden.fleet;

import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.render.Manifest;
import dev.kubeharden.write.BundleStage;
import dev.kubeharden.write.BundleWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a fleet as it is rendered: each configuration's pools go to the staging directory as soon
 * as the configuration is resolved, rendered and validated, and only their hashes stay in memory;
 * the fleet report is written last, then the staging directory replaces the output in one switch. A
 * problem in any pool, or an output that may not be replaced, leaves the output untouched.
 */
final class FleetWriter {
  private FleetWriter() {}

  static FleetService.Result write(
      FleetService fleets, Inventory inventory, Path out, FleetService.Progress progress)
      throws IOException {
    FleetPlan plan = fleets.plan(inventory);
    // A target that may not be replaced writes nothing; the inventory's own problems still come
    // first, as when the tree was built before it was written.
    BundleWriter.UnsafeTargetException unsafe = null;
    BundleStage opened = null;
    try {
      opened = BundleStage.open(out);
    } catch (BundleWriter.UnsafeTargetException e) {
      unsafe = e;
    }
    try (BundleStage stage = opened) {
      Map<String, String> hashes = new ConcurrentHashMap<>();
      List<List<FleetService.Pool>> poolsOf = plan.byConfiguration();
      progress.phase("resolving, rendering and writing", plan.size());
      List<ResolvedProfile> configurations;
      try {
        configurations =
            List.of(
                fleets.resolveAll(
                    inventory,
                    plan,
                    progress,
                    (i, b) -> {
                      if (stage != null) {
                        writePools(stage, b, poolsOf.get(i), hashes);
                      }
                    }));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (unsafe != null) {
        throw unsafe;
      }
      FleetReport report =
          new FleetReport(inventory, configurations, FleetService.poolViews(plan.pools()));
      String markdown = report.markdown(fleets.templates);
      hashes.put("REPORT.md", writeText(stage, "REPORT.md", markdown));
      stage.write(
          "report.json",
          bytes -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
            report.writeJson(hashes, w);
            w.flush();
          });
      stage.commit();
      return new FleetService.Result(
          inventory, plan.pools(), configurations, null, null, stage.fileCount());
    }
  }

  /**
   * Writes one configuration's files for each of its pools (the per-cluster ones once per cluster),
   * each distinct text encoded and hashed once (the hashes its report.json's manifest already has
   * are taken from the bundle); records every path's hash.
   */
  private static void writePools(
      BundleStage stage, Bundle bundle, List<FleetService.Pool> pools, Map<String, String> hashes) {
    Map<String, byte[]> bytes = new HashMap<>();
    Map<String, String> sha = new HashMap<>();
    bundle
        .files()
        .forEach(
            (path, text) -> {
              byte[] b = text.getBytes(StandardCharsets.UTF_8);
              bytes.put(path, b);
              String known = bundle.sha256().get(path);
              sha.put(path, known != null ? known : Manifest.sha256(b));
            });
    try {
      for (FleetService.Pool pool : pools) {
        String clusterDir = pool.cluster().name() + "/";
        String poolDir = clusterDir + pool.pool().name() + "/";
        for (String path : bundle.files().keySet()) {
          if (FleetService.isClusterFile(path)) {
            String prior = hashes.putIfAbsent(clusterDir + path, sha.get(path));
            if (prior == null) {
              stage.write(clusterDir + path, bytes.get(path), sha.get(path));
            } else if (!prior.equals(sha.get(path))) {
              throw FleetService.disagree(pool, path);
            }
          } else {
            stage.write(poolDir + path, bytes.get(path), sha.get(path));
            hashes.put(poolDir + path, sha.get(path));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String writeText(BundleStage stage, String path, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    String sha = Manifest.sha256(b);
    stage.write(path, b, sha);
    return sha;
  }
}
