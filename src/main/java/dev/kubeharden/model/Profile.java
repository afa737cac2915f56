package dev.kubeharden.model;

import java.util.List;
import java.util.Map;

/**
 * One hardening profile file, as parsed (parents not yet resolved).
 *
 * @param source where the profile came from: a shipped name ("profiles/cis-1.12.yaml") or a file
 *     path
 * @param parents names or relative paths of the profiles it extends, in order
 * @param values variable values set by this profile
 * @param flags kubelet command-line flags without a config twin (name without dashes to value)
 */
public record Profile(
    String name,
    String title,
    String description,
    String source,
    String directory,
    boolean shipped,
    List<Ref> parents,
    VersionRange versions,
    Map<String, Variable> variables,
    Map<String, Node> values,
    List<Control> controls,
    List<Disable> disabled,
    List<Setting> settings,
    Map<String, String> flags,
    Node cluster,
    List<String> warnings,
    Position position) {

  /** The name of the layer an inventory adds over the profiles (see fleet.FleetLayer). */
  public static final String INVENTORY_LAYER = "inventory";

  public Profile {
    parents = Copies.list(parents);
    variables = Copies.map(variables);
    values = Copies.map(values);
    controls = Copies.list(controls);
    disabled = Copies.list(disabled);
    settings = Copies.list(settings);
    flags = Copies.map(flags);
    warnings = Copies.list(warnings);
  }

  /** A reference to another profile, with where it was written. */
  public record Ref(String name, Position position) {}
}
