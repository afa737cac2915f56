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
      ResolveRequest profile, List<NodeInputs> nodes, boolean fleet, boolean patch) {}

  private final ProfileCatalog catalog;

  public DiffService(ProfileCatalog catalog) {
    this.catalog = catalog;
  }

  public DiffReport diff(Request req) {
    ResolvedProfile rp = new ProfileResolver(catalog).resolve(req.profile());
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
    return new DiffReport(rp.name(), rp.version(), rp.controls(), nodes, req.fleet());
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
}
