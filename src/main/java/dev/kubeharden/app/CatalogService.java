package dev.kubeharden.app;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Questions about the shipped profiles: which exist, what a control is, which profiles set a field.
 */
public final class CatalogService {
  private final ProfileCatalog catalog;

  public CatalogService(ProfileCatalog catalog) {
    this.catalog = catalog;
  }

  public List<Profile> shipped() {
    List<Profile> out = new ArrayList<>();
    for (String name : catalog.shippedNames()) {
      out.add(catalog.shipped(name, Position.of("profiles/" + name + ".yaml")));
    }
    return out;
  }

  public ResolvedProfile resolve(String name, KubeVersion v) {
    return new ProfileResolver(catalog).resolve(ResolveRequest.of(List.of(name), v));
  }

  /** Every shipped definition of a control id, by the profile that defines it. */
  public Map<String, Control> controlDefinitions(String id) {
    Map<String, Control> out = new LinkedHashMap<>();
    for (Profile p : shipped()) {
      for (Control c : p.controls()) {
        if (c.id().equalsIgnoreCase(id)) {
          out.put(p.name(), c);
        }
      }
    }
    return out;
  }

  /** All control ids defined by shipped profiles. */
  public List<String> controlIds() {
    List<String> ids = new ArrayList<>();
    for (Profile p : shipped()) {
      p.controls().forEach(c -> ids.add(c.id()));
    }
    return ids;
  }

  /**
   * Shipped profiles (resolved for a minor) whose final configuration holds a field, with the value
   * and origin.
   */
  public Map<String, String> profilesSetting(String path, KubeVersion v) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Profile p : shipped()) {
      try {
        ResolvedProfile rp = resolve(p.name(), v);
        var s = rp.config().get(path);
        if (s != null) {
          out.put(
              p.name(),
              dev.kubeharden.model.Values.show(s.value())
                  + " (set by "
                  + s.origin().describe()
                  + ")");
        }
      } catch (RuntimeException e) {
        out.put(p.name(), "(does not resolve for " + v + ")");
      }
    }
    return out;
  }

  /** Shipped profiles whose resolved chain includes a control. */
  public List<String> profilesApplying(String id, KubeVersion v) {
    List<String> out = new ArrayList<>();
    for (Profile p : shipped()) {
      try {
        ResolvedProfile rp = resolve(p.name(), v);
        if (rp.controls().stream().anyMatch(c -> c.id().equalsIgnoreCase(id))) {
          out.add(p.name());
        }
      } catch (RuntimeException e) {
        // a profile that does not resolve for this minor applies nothing
      }
    }
    return out;
  }
}
