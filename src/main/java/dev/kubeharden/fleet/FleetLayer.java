package dev.kubeharden.fleet;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.Inventory;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Profile;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.VersionRange;
import dev.kubeharden.profile.ResolveRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one node pool of an inventory into a {@link ResolveRequest}: the cluster's profiles and
 * minor, and one extra layer named {@value #NAME} holding the cluster's variables, the pool's
 * kubelet settings and its exceptions. The layer is the same for every pool with the same values,
 * so the report and the generated files do not name the pool, and {@link #key} lets a fleet resolve
 * each distinct combination once.
 */
public final class FleetLayer {
  /**
   * The layer name that reports and generated comments show for inventory values and exceptions.
   */
  public static final String NAME = Profile.INVENTORY_LAYER;

  private FleetLayer() {}

  /** The request of one pool, its exceptions expiring by the system clock. */
  public static ResolveRequest request(
      Inventory inventory, Inventory.Cluster c, Inventory.NodePool p) {
    return request(inventory, c, p, ExpiryPolicy.system());
  }

  /**
   * The request of one pool: the layer holds the cluster's variables, the pool's kubelet settings
   * and the exceptions of the defaults, the cluster and the pool, in that order.
   */
  public static ResolveRequest request(
      Inventory inventory, Inventory.Cluster c, Inventory.NodePool p, ExpiryPolicy expiry) {
    Profile layer =
        new Profile(
            NAME,
            null,
            null,
            inventory.source(),
            null,
            false,
            List.of(),
            VersionRange.ALL,
            Map.of(),
            c.variables(),
            List.of(),
            exceptions(c, p),
            p.kubelet(),
            Map.of(),
            null,
            List.of(),
            p.position());
    return new ResolveRequest(
        c.profiles(), c.version(), List.of(), List.of(), List.of(), List.of(layer), expiry);
  }

  /** Every exception that applies to a pool: defaults, cluster, pool. */
  public static List<Disable> exceptions(Inventory.Cluster c, Inventory.NodePool p) {
    List<Disable> out = new ArrayList<>(c.exceptions());
    out.addAll(p.exceptions());
    return out;
  }

  /**
   * What makes two pools' outputs identical: profiles, minor, variables, kubelet settings and
   * exceptions.
   */
  public static String key(Inventory.Cluster c, Inventory.NodePool p) {
    StringBuilder sb = new StringBuilder();
    sb.append(c.profiles()).append('\u0000').append(c.version()).append('\u0000');
    sb.append(c.targets()).append('\u0000');
    c.variables().forEach((k, v) -> node(sb.append(k).append('='), v).append('\u0001'));
    sb.append('\u0000');
    for (Setting s : p.kubelet()) {
      Object v = s.value() instanceof Setting.VarRef ref ? "${" + ref.text() : s.value();
      sb.append(s.path()).append('=').append(v).append('\u0001');
    }
    sb.append('\u0000');
    for (Disable d : exceptions(c, p)) {
      sb.append(d.controlId()).append('=').append(d.reason()).append('\u0000');
      sb.append(d.owner()).append('\u0000').append(d.ticket()).append('\u0000');
      sb.append(d.expires()).append('\u0001');
    }
    return sb.toString();
  }

  private static StringBuilder node(StringBuilder sb, Node n) {
    if (n instanceof Node.Scalar s) {
      return sb.append(s.plain() ? s.tag() : "str")
          .append(':')
          .append(s.text().length())
          .append(':')
          .append(s.text());
    }
    if (n instanceof Node.SeqNode seq) {
      sb.append('[');
      seq.items().forEach(i -> node(sb, i).append(','));
      return sb.append(']');
    }
    sb.append('{');
    ((Node.MapNode) n)
        .entries()
        .forEach((k, e) -> node(sb.append(k).append(':'), e.value()).append(','));
    return sb.append('}');
  }
}
