package dev.kubeharden.profile;

import dev.kubeharden.model.Node;
import dev.kubeharden.yaml.NodeReader;
import java.util.List;

/**
 * Reads a profile's {@code metadata:} block.
 *
 * @param name null when missing or malformed (reported)
 */
record MetadataReader(String name, String title, String description) {
  private static final List<String> KEYS = List.of("name", "title", "description");

  static MetadataReader read(NodeReader r, Node.MapNode profile) {
    Node metaNode = profile.get("metadata");
    if (metaNode == null) {
      r.error(profile.position(), "profile is missing required key \"metadata\"");
      return new MetadataReader(null, null, null);
    }
    Node.MapNode meta = r.map(metaNode, "metadata");
    if (meta == null) {
      return new MetadataReader(null, null, null);
    }
    r.onlyKeys(meta, KEYS, "metadata");
    String name = r.string(meta, "name", "metadata", true);
    if (name != null && (!ProfileParser.NAME.matcher(name).matches() || name.contains(".."))) {
      r.error(
          meta.get("name").position(),
          "metadata.name \""
              + name
              + "\" must be lower-case letters, digits, '-' and '.' (at most 63)");
    }
    return new MetadataReader(
        name,
        r.string(meta, "title", "metadata", false),
        r.string(meta, "description", "metadata", false));
  }
}
