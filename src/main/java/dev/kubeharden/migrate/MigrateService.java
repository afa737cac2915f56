package dev.kubeharden.migrate;

import dev.kubeharden.diff.DiffPlan;
import dev.kubeharden.diff.DiffService;
import dev.kubeharden.inspect.EffectiveConfig;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeInspector;
import dev.kubeharden.kubelet.KubeletValidator;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.DiffReport;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Migration;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.BundleValidator;
import dev.kubeharden.render.MigrationRenderer;
import dev.kubeharden.render.NodePaths;
import dev.kubeharden.render.Templates;
import dev.kubeharden.write.BundleChanges;
import dev.kubeharden.write.BundleWriter;
import dev.kubeharden.write.ScratchDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code kubeharden migrate}: reads what a node's kubelet runs with, plans its move from flags to
 * one KubeletConfiguration with the profile's hardening on top ({@link MigrationPlanner}), renders
 * it, and before anything is written: validates the file as the kubelet of that minor would
 * (refusing, as an input error, a node whose settings and the hardening together would not start),
 * parses every file back, then reads the migrated files again the way diff does and holds them to
 * two promises: every setting the hardening does not set is what the node ran with, and diff finds
 * no drift. Written in one step, like generate.
 */
public final class MigrateService {
  /** The migration, its files, and how they differ from what the output directory held. */
  public record Result(Migration migration, Bundle bundle, BundleChanges changes) {}

  private final ProfileCatalog catalog;
  private final Templates templates;

  public MigrateService(ProfileCatalog catalog, Templates templates) {
    this.catalog = catalog;
    this.templates = templates;
  }

  /**
   * Plans, renders and checks the migration of a node; writes nothing. {@code shown} turns an
   * input's path into the one the report prints (the node path under --root).
   */
  public Result build(ResolveRequest request, NodeInputs in, UnaryOperator<String> shown)
      throws IOException {
    ResolvedProfile rp = new ProfileResolver(catalog).resolve(request);
    EffectiveConfig before = NodeInspector.inspect(in, rp.version());
    Migration m = MigrationPlanner.plan(in, before, rp, shown);
    validate(m);
    Bundle bundle = new MigrationRenderer(templates).render(m);
    ResolvedProfile migrated = rp.withConfig(m.config());
    BundleValidator.validate(bundle, migrated);
    String configFile = MigrationRenderer.configFile(m);
    if (!configFile.endsWith(NodePaths.KUBELET_CONFIG)) {
      List<Problem> back =
          BundleValidator.kubeletDocument(
              configFile, bundle.files().get(configFile), migrated, m.config().keySet());
      if (!back.isEmpty()) {
        throw new BundleValidator.GeneratedFileException(back);
      }
    }
    verify(request, in, before, m, bundle);
    return new Result(m, bundle, null);
  }

  /** Builds the migration and writes it to {@code out} (replaced as a whole, as generate does). */
  public Result migrate(
      ResolveRequest request, NodeInputs in, UnaryOperator<String> shown, Path out)
      throws IOException {
    return migrate(request, in, shown, out, true);
  }

  /**
   * Builds the migration and compares it with {@code out}; writes it only when {@code write} (for
   * --check and --dry-run the changes are reported and nothing is written, as generate does).
   */
  public Result migrate(
      ResolveRequest request, NodeInputs in, UnaryOperator<String> shown, Path out, boolean write)
      throws IOException {
    if (write) {
      BundleWriter.checkReplaceable(out); // only a replacement must not lose hand edits
    }
    Result r = build(request, in, shown);
    BundleChanges changes = BundleChanges.between(BundleWriter.read(out), r.bundle().files());
    if (write && !changes.isEmpty()) {
      BundleWriter.write(r.bundle(), out);
    }
    return new Result(r.migration(), r.bundle(), changes);
  }

  /**
   * The kubelet's own validation of the file it will read (pkg/kubelet/apis/config/validation,
   * through {@link KubeletValidator}), each problem at the node's or the profile's line that set
   * the value: a node whose settings conflict with the hardening in a way the kubelet refuses.
   */
  private static void validate(Migration m) {
    Map<String, Object> values = new LinkedHashMap<>();
    m.config().forEach((k, v) -> values.put(k, v.value()));
    List<Problem> problems =
        KubeletValidator.validate(
            values,
            m.profile().version(),
            p -> {
              ResolvedSetting s = m.config().get(p);
              return s == null || s.origin() == null || s.origin().position() == null
                  ? Position.of(m.node())
                  : s.origin().position();
            });
    if (!problems.isEmpty()) {
      List<Problem> out = new ArrayList<>();
      for (Problem p : problems) {
        out.add(
            new Problem(
                p.position(),
                p.severity(),
                "after migration: " + p.message() + whoSets(m, p.message()),
                null));
      }
      throw new InvalidInputException(out);
    }
  }

  /** Who sets each field a validation message names: the node (and where) or the hardening. */
  private static String whoSets(Migration m, String message) {
    List<String> who = new ArrayList<>();
    m.config()
        .forEach(
            (path, s) -> {
              if (java.util.regex.Pattern.compile(
                      "(?<![A-Za-z0-9.])" + java.util.regex.Pattern.quote(path) + "(?![A-Za-z0-9])")
                  .matcher(message)
                  .find()) {
                who.add(
                    s.controls().isEmpty()
                        ? "the node sets " + path + " (" + s.origin().position() + ")"
                        : "the hardening sets "
                            + path
                            + " ("
                            + String.join(", ", s.controls())
                            + ")");
              }
            });
    return who.isEmpty() ? "" : "; " + String.join(", ", who);
  }

  /**
   * Reads the migrated config file and drop-in back as diff reads a node, from a scratch directory:
   * a field the hardening does not set that differs from the node's (a kubeharden bug) fails at run
   * time, and so does a migrated node the kubelet would not start on; a control whose requirement
   * still fails (one that neither the node nor the profile satisfies) is an input error naming it.
   */
  private void verify(
      ResolveRequest request, NodeInputs in, EffectiveConfig before, Migration m, Bundle bundle)
      throws IOException {
    Path tmp = ScratchDirs.create("kubeharden-migrate");
    try {
      Path config = tmp.resolve(m.configPath().endsWith(".json") ? "config.json" : "config.yaml");
      Path dropIn = tmp.resolve("20-kubeharden.conf");
      Files.writeString(
          config, bundle.files().get(MigrationRenderer.configFile(m)), StandardCharsets.UTF_8);
      Files.writeString(
          dropIn,
          bundle.files().get(NodePaths.inBundle(NodePaths.SYSTEMD_DROPIN)),
          StandardCharsets.UTF_8);
      NodeInputs migrated = NodeInputs.files(in.name(), config, null, null, List.of(dropIn));
      EffectiveConfig after = NodeInspector.inspect(migrated, m.profile().version());
      List<String> lost = SettingsKept.lost(before, after, m.profile().hardening());
      if (!after.starts() || !lost.isEmpty()) {
        throw new IllegalStateException(
            "the migrated files do not reproduce node "
                + m.node()
                + ": "
                + String.join("; ", after.starts() ? lost : after.startFailures()));
      }
      DiffReport report =
          new DiffService(catalog)
              .diff(
                  new DiffService.Request(
                      request, List.of(DiffPlan.Node.of(migrated)), false, false, null));
      List<Problem> problems = new ArrayList<>();
      for (Finding f : report.nodes().get(0).findings()) {
        problems.add(unmet(m, f));
      }
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
    } finally {
      ScratchDirs.delete(tmp);
    }
  }

  /**
   * A control the migrated node would still fail: a requirement on a field the hardening does not
   * set (a value it requires the node to choose, or one it requires unset). Which is named, with
   * the fix.
   */
  private static Problem unmet(Migration m, Finding f) {
    ResolvedSetting s = m.config().get(f.field());
    Position at =
        s != null && s.origin() != null && s.origin().position() != null
            ? s.origin().position()
            : Position.of(m.node());
    boolean absent = false;
    for (dev.kubeharden.model.Control c : m.profile().controls()) {
      for (dev.kubeharden.model.Requirement r : c.requirements()) {
        absent |=
            f.controls().contains(c.id())
                && r.path().equals(f.field())
                && r.op() == dev.kubeharden.model.Requirement.Op.ABSENT;
      }
    }
    String what =
        f.field()
            + " would still fail "
            + String.join(", ", f.controls())
            + " after migration ("
            + String.join("; ", f.requirements())
            + "; it is "
            + dev.kubeharden.model.Values.show(f.current())
            + ")";
    if (f.isFlag()) {
      return Problem.error(at, what + ": remove the flag from the node");
    }
    if (absent && f.current() != null) {
      return Problem.error(
          at,
          what
              + ": the node sets it and the hardening cannot unset it without changing the node;"
              + " remove it from the node first, or disable the control in a profile with a reason");
    }
    return Problem.error(
        at,
        what
            + ": neither the node nor the profile sets a value that holds; give one with --set "
            + f.field()
            + "=VALUE");
  }
}
