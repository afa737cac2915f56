package dev.kubeharden.profile;

import dev.kubeharden.model.Disable;
import dev.kubeharden.model.KubeVersion;
import java.util.List;

/**
 * What to resolve: profile references (names or files) layered left to right, the Kubernetes minor, and the
 * command-line overrides.
 *
 * @param sets {@code FIELD=VALUE} overrides of KubeletConfiguration leaves
 * @param vars {@code NAME=VALUE} variable values
 * @param disables extra controls to switch off, with reasons (inventory exceptions)
 */
public record ResolveRequest(
    List<String> profiles, KubeVersion version, List<String> sets, List<String> vars, List<Disable> disables) {

  public ResolveRequest {
    profiles = List.copyOf(profiles);
    sets = List.copyOf(sets);
    vars = List.copyOf(vars);
    disables = List.copyOf(disables);
  }

  public static ResolveRequest of(List<String> profiles, KubeVersion version) {
    return new ResolveRequest(profiles, version, List.of(), List.of(), List.of());
  }
}
