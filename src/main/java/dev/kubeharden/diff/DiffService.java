package dev.kubeharden.diff;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.inspect.EffectiveConfig;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeInspector;
import dev.kubeharden.model.DiffReport;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.NodePaths;
import dev.kubeharden.render.Templates;
import dev.kubeharden.write.UnifiedPatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Diffs nodes against a resolved profile: the profile is resolved (and, for --patch, its bundle
 * rendered) once, then each node is inspected and compared, in parallel for fleets. Input problems
 * of every node are collected and thrown together; nothing is reported then.
 */
public final class DiffService {
  /**
   * What to diff. {@code fleet} marks a directory of nodes (a per-node report and a fleet summary).
   */
  public record Request(
      ResolveRequest profile, List<NodeInputs> nodes, boolean fleet, boolean patch, String target) {
    public Request(ResolveRequest profile, List<NodeInputs> nodes, boolean fleet, boolean patch) {
      this(profile, nodes, fleet, patch, null);
    }
  }

  private final ProfileCatalog catalog;

  public DiffService(ProfileCatalog catalog) {
    this.catalog = catalog;
  }

  public DiffReport diff(Request req) {
    ResolvedProfile resolved = new ProfileResolver(catalog).resolve(req.profile());
    ResolvedProfile rp = req.target() == null ? resolved : attestedBy(resolved, req.target());
    String hardened = null;
    if (req.patch()) {
      hardened =
          new GenerateService(catalog, new Templates(null))
              .build(req.profile())
              .bundle()
              .files()
              .get(NodePaths.STANDALONE_CONFIG);
    }
    String hardenedConfig = hardened;
    List<Object> results =
        req.nodes().parallelStream().map(n -> one(n, rp, hardenedConfig)).toList();
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
    List<String> attested = rp.notes().subList(resolved.notes().size(), rp.notes().size());
    return new DiffReport(rp.name(), rp.version(), rp.controls(), nodes, req.fleet(), attested);
  }

  private static Object one(NodeInputs in, ResolvedProfile rp, String hardened) {
    try {
      EffectiveConfig ec = NodeInspector.inspect(in, rp.version());
      String patch = hardened == null ? null : patch(ec, hardened);
      return DriftEvaluator.evaluate(in.name(), rp, ec, auditor(in, rp), patch);
    } catch (InvalidInputException e) {
      return e;
    }
  }

  /**
   * kube-bench's view of a node (cfg/config.yaml node.kubelet.confs and the flags, never
   * --config-dir), or null when it is the effective view (no drop-ins, a config file it finds).
   */
  static EffectiveConfig auditor(NodeInputs in, ResolvedProfile rp) {
    if (in.configDir() == null && in.auditorSeesConfig()) {
      return null;
    }
    try {
      return NodeInspector.inspect(in.auditorView(), rp.version());
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
    return new ResolvedProfile(
        rp.name(),
        rp.chain(),
        rp.version(),
        notes,
        controls,
        rp.disabled(),
        rp.notApplicable(),
        rp.config(),
        rp.flags(),
        rp.variables(),
        rp.files(),
        rp.cluster(),
        rp.warnings());
  }
}
