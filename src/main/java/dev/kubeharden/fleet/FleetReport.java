package dev.kubeharden.fleet;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.Disable;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Values;
import dev.kubeharden.render.Json;
import dev.kubeharden.render.Manifest;
import dev.kubeharden.render.Markdown;
import dev.kubeharden.render.Templates;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet report at the top of an inventory's output: per cluster and node pool, the profile,
 * minor, controls applied, exceptions with their reasons, the pool's own settings and its warnings.
 * What pools share (the list of controls, the warnings) is written once per distinct configuration,
 * which each pool names.
 */
public final class FleetReport {
  /** The fleet report.json's kind and version (kubeharden/schemas/fleet-report.schema.json). */
  public static final String SCHEMA = "kubeharden.dev/fleet-report/v1";

  /** A pool and the index of its configuration. */
  public record PoolView(Inventory.Cluster cluster, Inventory.NodePool pool, int configuration) {}

  private static final String REPORT_JSON = "report.json";

  private final Inventory inventory;
  private final List<ResolvedProfile> configurations;
  private final List<PoolView> pools;
  private final int[] useCount;

  public FleetReport(
      Inventory inventory, List<ResolvedProfile> configurations, List<PoolView> pools) {
    this.inventory = inventory;
    this.configurations = configurations;
    this.pools = pools;
    this.useCount = new int[configurations.size()];
    pools.forEach(p -> useCount[p.configuration()]++);
  }

  static String configurationId(int i) {
    return "config-" + (i + 1);
  }

  private String inventoryName() {
    Path f = Path.of(inventory.source()).getFileName();
    return f == null ? inventory.source() : f.toString();
  }

  private static List<String> overrides(Inventory.NodePool p) {
    List<String> out = new ArrayList<>();
    for (Setting s : p.kubelet()) {
      Object v = s.value() instanceof Setting.VarRef ref ? ref.text() : s.value();
      out.add(s.path() + " = " + Values.show(v));
    }
    return out;
  }

  /** The inventory's exceptions in force in a pool (defaults, cluster and pool alike). */
  private List<Map<String, Object>> excepted(PoolView p) {
    ResolvedProfile rp = configurations.get(p.configuration());
    List<Map<String, Object>> out = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      if (FleetLayer.NAME.equals(d.by())) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.control().id());
        m.put("title", d.control().title());
        m.put("reason", d.reason());
        m.put("owner", d.exception().owner());
        m.put("ticket", d.exception().ticket());
        m.put("expires", expires(d.exception()));
        out.add(m);
      }
    }
    return out;
  }

  private static String expires(Disable d) {
    return d.expires() == null ? null : d.expires().toString();
  }

  /** "reason (owner X, ticket Y, expires D)" for a table cell. */
  private static String withOwner(Disable d) {
    List<String> parts = new ArrayList<>();
    if (!d.ownerAndTicket().isEmpty()) {
      parts.add(d.ownerAndTicket());
    }
    if (d.expires() != null) {
      parts.add("expires " + d.expires());
    }
    return d.reason() + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
  }

  private Map<String, Object> poolJson(PoolView p) {
    ResolvedProfile rp = configurations.get(p.configuration());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.pool().name());
    m.put("path", p.cluster().name() + "/" + p.pool().name() + "/");
    m.put("configuration", configurationId(p.configuration()));
    m.put("profile", rp.name());
    m.put("kubernetesVersion", rp.version().toString());
    m.put("controlsApplied", applied(rp).size());
    m.put("excepted", excepted(p));
    m.put("kubeletSettings", overrides(p.pool()));
    m.put("warnings", rp.warnings().size());
    return m;
  }

  private Map<String, Object> configurationJson(int i) {
    ResolvedProfile rp = configurations.get(i);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", configurationId(i));
    m.put("profile", rp.name());
    m.put("chain", rp.chain());
    m.put("kubernetesVersion", rp.version().toString());
    m.put("nodePools", useCount[i]);
    m.put("notes", rp.notes());
    m.put("controlsApplied", applied(rp));
    m.put("controlsOutsideBundle", outside(rp));
    List<Object> disabled = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      Map<String, Object> dm = new LinkedHashMap<>();
      dm.put("id", d.control().id());
      dm.put("reason", d.reason());
      dm.put("disabledBy", d.by());
      dm.put("owner", d.exception().owner());
      dm.put("ticket", d.exception().ticket());
      dm.put("expires", expires(d.exception()));
      disabled.add(dm);
    }
    m.put("disabled", disabled);
    m.put("notApplicable", rp.notApplicable().stream().map(n -> n.control().id()).toList());
    m.put("variables", new LinkedHashMap<>(rp.variables()));
    m.put("warnings", rp.warnings());
    return m;
  }

  /**
   * The ids of the controls the bundle applies, as each pool's REPORT.md counts them (not those
   * recorded as outside the bundle).
   */
  private static List<String> applied(ResolvedProfile rp) {
    return rp.controls().stream().filter(Control::inBundle).map(Control::id).toList();
  }

  private static List<String> outside(ResolvedProfile rp) {
    return rp.controls().stream().filter(c -> !c.inBundle()).map(Control::id).toList();
  }

  /** "1 cluster", "3 node pools". */
  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * report.json of the fleet, ending with every file of the tree ({@code files}, report.json
   * included) and the hashes of the others (the manifest).
   */
  public String json(Map<String, String> files) {
    StringWriter out = new StringWriter();
    try {
      writeJson(Manifest.of(files, REPORT_JSON), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes report.json of the fleet from the SHA-256 of every other file of the tree, by path (in
   * any order; written in path order as {@code files} and {@code sha256}), as it goes: a tree that
   * was written as it was rendered, not held, has a manifest of one line per file, and only the
   * sorted paths are added to what is already in memory.
   */
  public void writeJson(Map<String, String> sha256, Writer out) throws IOException {
    String[] paths =
        sha256.keySet().stream().filter(p -> !p.equals(REPORT_JSON)).toArray(String[]::new);
    Arrays.sort(paths);
    int self = -Arrays.binarySearch(paths, REPORT_JSON) - 1;
    List<String> files =
        new AbstractList<>() {
          @Override
          public String get(int i) {
            return i < self ? paths[i] : i == self ? REPORT_JSON : paths[i - 1];
          }

          @Override
          public int size() {
            return paths.length + 1;
          }
        };
    Map<String, String> manifest =
        new AbstractMap<>() {
          @Override
          public Set<Map.Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
              @Override
              public Iterator<Map.Entry<String, String>> iterator() {
                return Arrays.stream(paths).map(p -> Map.entry(p, sha256.get(p))).iterator();
              }

              @Override
              public int size() {
                return paths.length;
              }
            };
          }
        };
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("generator", "kubeharden");
    root.put("kind", "FleetReport");
    root.put("inventory", inventoryName());
    root.put("clusterCount", inventory.clusters().size());
    root.put("nodePoolCount", pools.size());
    root.put("configurationCount", configurations.size());
    root.put("clusters", clusters(names -> names, "nodePools", this::poolJson));
    List<Object> configs = new ArrayList<>();
    for (int i = 0; i < configurations.size(); i++) {
      configs.add(configurationJson(i));
    }
    root.put("configurations", configs);
    root.put("files", files);
    root.put(Manifest.FIELD, manifest);
    Json.write(root, out);
  }

  /**
   * One entry per cluster (name, minor, profiles as {@code profiles} shows them) with its pools, in
   * inventory order, each pool as {@code pool} renders it under {@code poolsKey}.
   */
  private List<Object> clusters(
      java.util.function.Function<List<String>, Object> profiles,
      String poolsKey,
      java.util.function.Function<PoolView, Object> pool) {
    List<Object> clusters = new ArrayList<>();
    int k = 0;
    for (Inventory.Cluster c : inventory.clusters()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("kubernetesVersion", c.version().toString());
      cm.put("profiles", profiles.apply(c.profiles().isEmpty() ? List.of("cis") : profileNames(c)));
      List<Object> ps = new ArrayList<>();
      for (int j = 0; j < c.nodePools().size(); j++) {
        ps.add(pool.apply(pools.get(k++)));
      }
      cm.put(poolsKey, ps);
      clusters.add(cm);
    }
    return clusters;
  }

  private static List<String> profileNames(Inventory.Cluster c) {
    List<String> out = new ArrayList<>();
    for (String p : c.profiles()) {
      out.add(p.contains("/") ? Path.of(p).getFileName().toString() : p);
    }
    return out;
  }

  /** REPORT.md of the fleet, through the {@code fleet/REPORT.md.mustache} template. */
  public String markdown(Templates templates) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("inventory", Markdown.escape(inventoryName()));
    root.put("clusterCount", inventory.clusters().size());
    root.put(
        "countsText",
        count(inventory.clusters().size(), "cluster")
            + ", "
            + count(pools.size(), "node pool")
            + ", "
            + count(configurations.size(), "distinct configuration"));
    root.put("poolCount", pools.size());
    root.put("configurationCount", configurations.size());
    root.put(
        "clusters",
        clusters(names -> Markdown.escape(String.join(", ", names)), "pools", this::poolRow));
    List<Object> configs = new ArrayList<>();
    for (int i = 0; i < configurations.size(); i++) {
      configs.add(configurationSection(i));
    }
    root.put("configurations", configs);
    return templates.render("fleet/REPORT.md.mustache", root);
  }

  private Map<String, Object> poolRow(PoolView p) {
    ResolvedProfile rp = configurations.get(p.configuration());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.pool().name());
    m.put("configuration", configurationId(p.configuration()));
    m.put("profile", Markdown.escape(rp.name()));
    m.put("kubernetesVersion", rp.version().toString());
    m.put("applied", applied(rp).size());
    List<String> ex = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      if (FleetLayer.NAME.equals(d.by())) {
        ex.add(d.control().id() + ": " + withOwner(d.exception()));
      }
    }
    m.put("excepted", ex.isEmpty() ? "-" : Markdown.escape(String.join("; ", ex)));
    List<String> ov = overrides(p.pool());
    m.put("settings", ov.isEmpty() ? "-" : Markdown.escape(String.join("; ", ov)));
    m.put("warnings", rp.warnings().size());
    return m;
  }

  private Map<String, Object> configurationSection(int i) {
    ResolvedProfile rp = configurations.get(i);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", configurationId(i));
    m.put("profile", Markdown.escape(rp.name()));
    m.put("kubernetesVersion", rp.version().toString());
    m.put("chain", Markdown.escape(String.join(", ", rp.chain())));
    m.put("poolCount", useCount[i]);
    m.put("appliedCount", applied(rp).size());
    m.put("applied", String.join(", ", applied(rp)));
    m.put("outside", String.join(", ", outside(rp)));
    m.put("hasOutside", !outside(rp).isEmpty());
    List<Object> disabled = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      Map<String, Object> dm = new LinkedHashMap<>();
      dm.put("id", d.control().id());
      dm.put(
          "kind",
          FleetLayer.NAME.equals(d.by()) ? "excepted by the inventory" : "disabled by " + d.by());
      dm.put("reason", Markdown.escape(withOwner(d.exception())));
      disabled.add(dm);
    }
    m.put("disabled", disabled);
    m.put("hasDisabled", !disabled.isEmpty());
    m.put("warnings", rp.warnings().stream().map(Markdown::escape).toList());
    m.put("hasWarnings", !rp.warnings().isEmpty());
    return m;
  }
}
