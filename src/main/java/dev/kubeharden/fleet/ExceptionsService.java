package dev.kubeharden.fleet;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.ExceptionUse;
import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.Templates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code exceptions} use case: resolves profiles (or every pool of an inventory) as generate
 * does, except that an expired exception is listed and flagged instead of failing the resolution,
 * and gathers every declared exception with what it did.
 */
public final class ExceptionsService {
  private final ProfileCatalog catalog;
  private final ExpiryPolicy expiry;

  public ExceptionsService(ProfileCatalog catalog, ExpiryPolicy expiry) {
    this.catalog = catalog;
    this.expiry = expiry;
  }

  /** The exceptions of one resolution of profiles. */
  public ExceptionList forProfiles(ResolveRequest request) {
    ResolvedProfile rp = new ProfileResolver(catalog).resolve(request.withExpiry(expiry.listing()));
    List<ExceptionList.Entry> entries = new ArrayList<>();
    for (ExceptionUse u : rp.exceptions()) {
      entries.add(
          new ExceptionList.Entry(
              u.exception(), title(u), List.of(new ExceptionList.Use(rp.name(), rp.version(), u))));
    }
    return new ExceptionList(rp.name() + " for Kubernetes " + rp.version(), expiry, entries);
  }

  /**
   * The exceptions of every pool of an inventory: each declaration (profile or inventory) once,
   * with what it did in each pool it applies to.
   */
  public ExceptionList forInventory(Path inventoryFile) {
    FleetService fleets = new FleetService(catalog, new Templates(null), expiry);
    Inventory inventory = fleets.load(inventoryFile);
    FleetService.Result r = fleets.resolve(inventory);
    Map<String, Disable> declared = new LinkedHashMap<>();
    Map<String, String> titles = new LinkedHashMap<>();
    Map<String, List<ExceptionList.Use>> uses = new LinkedHashMap<>();
    for (FleetService.Pool pool : r.pools()) {
      ResolvedProfile rp = r.configurations().get(pool.configuration());
      String name = pool.cluster().name() + "/" + pool.pool().name();
      List<InventoryExceptions.PoolUse> own = InventoryExceptions.uses(pool, rp);
      List<ExceptionUse> all =
          new ArrayList<>(rp.exceptions().subList(0, rp.exceptions().size() - own.size()));
      List<Disable> at = new ArrayList<>(all.stream().map(ExceptionUse::exception).toList());
      for (InventoryExceptions.PoolUse u : own) {
        all.add(u.use());
        at.add(u.declared());
      }
      for (int i = 0; i < all.size(); i++) {
        Disable d = at.get(i);
        String key = key(d.position(), d.controlId());
        declared.putIfAbsent(key, d);
        String title = title(all.get(i));
        if (title != null) {
          titles.putIfAbsent(key, title);
        }
        uses.computeIfAbsent(key, k -> new ArrayList<>())
            .add(new ExceptionList.Use(name, rp.version(), all.get(i)));
      }
    }
    List<ExceptionList.Entry> entries = new ArrayList<>();
    declared.forEach(
        (key, d) -> entries.add(new ExceptionList.Entry(d, titles.get(key), uses.get(key))));
    Path file = Path.of(inventory.source()).getFileName();
    return new ExceptionList(
        "inventory "
            + (file == null ? inventory.source() : file)
            + " ("
            + inventory.clusters().size()
            + (inventory.clusters().size() == 1 ? " cluster, " : " clusters, ")
            + inventory.poolCount()
            + (inventory.poolCount() == 1 ? " node pool)" : " node pools)"),
        expiry,
        entries);
  }

  private static String key(Position p, String controlId) {
    return p + "\u0000" + controlId;
  }

  private static String title(ExceptionUse u) {
    return u.control() == null ? null : u.control().title();
  }
}
