package dev.kubeharden.app;

import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.BundleRenderer;
import dev.kubeharden.render.BundleValidator;
import dev.kubeharden.render.Templates;
import dev.kubeharden.write.BundleChanges;
import dev.kubeharden.write.BundleWriter;
import java.io.IOException;
import java.nio.file.Path;

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

  /** Resolves and renders, validating every file; writes nothing. */
  public Result build(ResolveRequest request) {
    ResolvedProfile rp = new ProfileResolver(catalog).resolve(request);
    Bundle bundle = new BundleRenderer(templates).render(rp);
    BundleValidator.validate(bundle, rp);
    return new Result(rp, bundle, null);
  }

  public Result generate(ResolveRequest request, Path out, Mode mode) throws IOException {
    Result built = build(request);
    BundleChanges changes = BundleChanges.between(BundleWriter.read(out), built.bundle().files());
    if (mode == Mode.WRITE && !changes.isEmpty()) {
      BundleWriter.write(built.bundle(), out);
    }
    return new Result(built.profile(), built.bundle(), changes);
  }
}
