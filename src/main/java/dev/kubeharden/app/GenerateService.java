package dev.kubeharden.app;

import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.BundleRenderer;
import dev.kubeharden.render.BundleValidator;
import dev.kubeharden.render.Templates;
import dev.kubeharden.target.Gap;
import dev.kubeharden.target.Target;
import dev.kubeharden.target.TargetValidator;
import dev.kubeharden.target.Targets;
import dev.kubeharden.write.BundleChanges;
import dev.kubeharden.write.BundleWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves profiles, renders and validates the bundle, then writes it, checks it, or shows what
 * would change.
 */
public final class GenerateService {
  public enum Mode {
    WRITE,
    CHECK,
    DRY_RUN
  }

  /** The outcome: what was generated and how it differs from what was on disk before. */
  public record Result(ResolvedProfile profile, Bundle bundle, BundleChanges changes) {}

  private final ProfileCatalog catalog;
  private final Templates templates;

  public GenerateService(ProfileCatalog catalog, Templates templates) {
    this.catalog = catalog;
    this.templates = templates;
  }

  /** Resolves and renders the node bundle, validating every file; writes nothing. */
  public Result build(ResolveRequest request) {
    return build(request, List.of(Targets.NODE));
  }

  /**
   * Resolves and renders the bundle for {@code targets} (names from {@link Targets#names()}),
   * validating every file; writes nothing. The node target alone is the classic bundle; other
   * targets add a directory each, with cluster/ (applied with kubectl whatever the distro) and a
   * report that says what each target cannot guarantee.
   */
  public Result build(ResolveRequest request, List<String> targets) {
    ResolvedProfile rp = new ProfileResolver(catalog).resolve(request);
    return new Result(rp, assemble(rp, new BundleRenderer(templates), targets), null);
  }

  /**
   * Renders and validates the bundle of a resolved profile for {@code targets}: the node bundle
   * alone for [node]; else each target's directory, cluster/ and a report that says what each
   * target cannot guarantee (with the node bundle's files too when node is among them).
   */
  public static Bundle assemble(ResolvedProfile rp, BundleRenderer renderer, List<String> targets) {
    boolean nodeOnly = targets.equals(List.of(Targets.NODE));
    Bundle node = renderer.render(rp, nodeOnly);
    BundleValidator.validate(node, rp);
    if (nodeOnly) {
      return node;
    }
    Map<String, String> files = new LinkedHashMap<>();
    node.files()
        .forEach(
            (path, text) -> {
              if (targets.contains(Targets.NODE) || path.startsWith("cluster/")) {
                files.put(path, text);
              }
            });
    Map<String, List<String>> gaps = new LinkedHashMap<>();
    for (String name : targets) {
      if (name.equals(Targets.NODE)) {
        continue;
      }
      Target t =
          Targets.find(name)
              .orElseThrow(() -> new IllegalArgumentException("unknown target " + name));
      refuseDemandedGaps(t, rp);
      Map<String, String> emitted = Targets.render(t, rp, node.files());
      TargetValidator.validate(t, emitted, rp);
      files.putAll(emitted);
      gaps.put(name, Targets.gaps(t, rp).stream().map(Gap::describe).toList());
    }
    return renderer.withReports(rp, files, targets, gaps);
  }

  public Result generate(ResolveRequest request, Path out, Mode mode) throws IOException {
    return generate(request, List.of(Targets.NODE), out, mode);
  }

  public Result generate(ResolveRequest request, List<String> targets, Path out, Mode mode)
      throws IOException {
    Result built = build(request, targets);
    BundleChanges changes =
        mode == Mode.WRITE
            ? BundleWriter.replace(built.bundle(), out)
            : BundleChanges.between(BundleWriter.read(out), built.bundle().files());
    return new Result(built.profile(), built.bundle(), changes);
  }

  /**
   * A control that says {@code targets: required} must be carried on every target generated for: a
   * target that manages, cannot express or would only flag one of its settings is an input error
   * naming the control.
   */
  private static void refuseDemandedGaps(Target t, ResolvedProfile rp) {
    List<dev.kubeharden.model.Problem> problems = new java.util.ArrayList<>();
    for (Gap g : Targets.gaps(t, rp)) {
      for (dev.kubeharden.model.Control c : rp.controls()) {
        if (c.requiredOnTargets() && g.controls().contains(c.id())) {
          problems.add(
              dev.kubeharden.model.Problem.error(
                  c.position(),
                  "control "
                      + c.id()
                      + " is required on every target, but target "
                      + t.name()
                      + " does not carry "
                      + g.field()
                      + " ("
                      + g.carrier().kind().text()
                      + ": "
                      + g.carrier().detail()
                      + ")"));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new dev.kubeharden.model.InvalidInputException(problems);
    }
  }
}
