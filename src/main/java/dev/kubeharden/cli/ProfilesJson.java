package dev.kubeharden.cli;

import dev.kubeharden.model.Control;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Origin;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.model.Values;
import dev.kubeharden.profile.ProfileCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The json documents of {@code profiles list -o json} and {@code profiles show -o json}; their JSON
 * Schemas are {@code kubeharden/schemas/profiles.schema.json} and {@code profile.schema.json}.
 */
final class ProfilesJson {
  static final String LIST_SCHEMA = "kubeharden.dev/profiles/v1";
  static final String SHOW_SCHEMA = "kubeharden.dev/profile/v1";

  private ProfilesJson() {}

  static Map<String, Object> list(List<Profile> profiles) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", LIST_SCHEMA);
    List<Object> rows = new ArrayList<>();
    for (Profile p : profiles) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", p.name());
      row.put("title", p.title());
      row.put("description", p.description() == null ? null : p.description().strip());
      row.put("extends", p.parents().stream().map(Profile.Ref::name).toList());
      row.put("controls", p.controls().size());
      rows.add(row);
    }
    doc.put("profiles", rows);
    Map<String, Object> alias = new LinkedHashMap<>();
    alias.put("name", ProfileCatalog.CIS_ALIAS);
    Map<String, Object> byMinor = new LinkedHashMap<>();
    for (int m = KubeVersion.OLDEST_SUPPORTED.minor();
        m <= KubeVersion.NEWEST_SUPPORTED.minor();
        m++) {
      KubeVersion v = new KubeVersion(m);
      byMinor.put(v.toString(), ProfileCatalog.resolveAlias(ProfileCatalog.CIS_ALIAS, v));
    }
    alias.put("byMinor", byMinor);
    doc.put("aliases", List.of(alias));
    return doc;
  }

  static Map<String, Object> show(ResolvedProfile rp) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SHOW_SCHEMA);
    doc.put("profile", rp.name());
    doc.put("kubernetesVersion", rp.version().toString());
    doc.put("chain", rp.chain());
    doc.put("notes", rp.notes());
    List<Object> settings = new ArrayList<>();
    for (ResolvedSetting s : rp.config().values()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", s.path());
      row.put("value", Values.plain(s.value()));
      row.put("setBy", origin(s.origin()));
      row.put("controls", s.controls());
      settings.add(row);
    }
    doc.put("settings", settings);
    doc.put("flags", new LinkedHashMap<>(rp.flags()));
    List<Object> controls = new ArrayList<>();
    for (Control c : rp.controls()) {
      controls.add(control(c));
    }
    doc.put("controls", controls);
    List<Object> disabled = new ArrayList<>();
    for (ResolvedProfile.DisabledControl d : rp.disabled()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", d.control().id());
      row.put("title", d.control().title());
      row.put("reason", d.reason());
      row.put("by", d.by());
      disabled.add(row);
    }
    doc.put("disabled", disabled);
    List<Object> notApplicable = new ArrayList<>();
    for (ResolvedProfile.NotApplicable n : rp.notApplicable()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", n.control().id());
      row.put("title", n.control().title());
      row.put("reason", n.reason());
      notApplicable.add(row);
    }
    doc.put("notApplicable", notApplicable);
    doc.put("variables", new LinkedHashMap<>(rp.variables()));
    doc.put("warnings", rp.warnings());
    return doc;
  }

  private static Map<String, Object> control(Control c) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", c.id());
    row.put("title", c.title());
    row.put("profile", c.profile());
    row.put("severity", c.severity());
    row.put("scope", c.scope());
    return row;
  }

  /** Who set a value: the layer (a profile, "inventory" or "--set"), its control and where. */
  static Map<String, Object> origin(Origin o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("layer", o.isCommandLine() ? "--set" : o.layer());
    m.put("control", o.controlId());
    m.put("location", location(o.position()));
    return m;
  }

  static Map<String, Object> location(Position p) {
    if (p == null || !p.hasLine()) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", p.source());
    m.put("line", p.line());
    m.put("column", p.column());
    return m;
  }
}
