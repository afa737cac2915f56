package dev.kubeharden.profile;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.ExpiryPolicy;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.Profile;
import java.util.List;

/**
 * What to resolve: profile references (names or files) layered left to right, the Kubernetes minor,
 * and the command-line overrides.
 *
 * @param sets {@code FIELD=VALUE} overrides of KubeletConfiguration leaves
 * @param vars {@code NAME=VALUE} variable values
 * @param disables extra controls to switch off, with reasons
 * @param layers already-parsed layers applied after the profiles' chain, in order, before {@code
 *     sets} and {@code vars}: an inventory's variables (typed nodes with their positions), a node
 *     pool's kubelet settings and its exceptions (see {@link FleetLayer})
 * @param expiry today's date and the warning window for exceptions' {@code expires}
 */
public record ResolveRequest(
    List<String> profiles,
    KubeVersion version,
    List<String> sets,
    List<String> vars,
    List<Disable> disables,
    List<Profile> layers,
    ExpiryPolicy expiry) {

  public ResolveRequest {
    profiles = List.copyOf(profiles);
    sets = List.copyOf(sets);
    vars = List.copyOf(vars);
    disables = List.copyOf(disables);
    layers = List.copyOf(layers);
    java.util.Objects.requireNonNull(expiry, "expiry");
  }

  /** A request whose exceptions expire by the system clock, with the default warning window. */
  public ResolveRequest(
      List<String> profiles,
      KubeVersion version,
      List<String> sets,
      List<String> vars,
      List<Disable> disables,
      List<Profile> layers) {
    this(profiles, version, sets, vars, disables, layers, ExpiryPolicy.system());
  }

  /** The same request with another expiry policy. */
  public ResolveRequest withExpiry(ExpiryPolicy policy) {
    return new ResolveRequest(profiles, version, sets, vars, disables, layers, policy);
  }

  public ResolveRequest(
      List<String> profiles,
      KubeVersion version,
      List<String> sets,
      List<String> vars,
      List<Disable> disables) {
    this(profiles, version, sets, vars, disables, List.of());
  }

  public static ResolveRequest of(List<String> profiles, KubeVersion version) {
    return new ResolveRequest(profiles, version, List.of(), List.of(), List.of());
  }
}
