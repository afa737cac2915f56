package dev.kubeharden.kubelet;

import dev.kubeharden.model.KubeVersion;
import java.util.List;
import java.util.Map;

/**
 * PLACEHOLDER until the data-driven FeatureGates (another branch) is merged: same API, but {@link #enabled} knows
 * only the defaults of the gates the validation rules ask about, and {@link #problems} finds nothing. Replace this
 * file whole at merge.
 */
public final class FeatureGates {
  private static final FeatureGates INSTANCE = new FeatureGates();

  /**
   * PLACEHOLDER defaults, gate to {minor-from, default, minor-from, default, ...} (pkg/features/kube_features.go):
   * only the gates KubeletValidator uses. Unknown gates read as off.
   */
  private static final Map<String, int[]> DEFAULTS =
      Map.ofEntries(
          Map.entry("ImageMaximumGCAge", new int[] {29, 0, 30, 1}),
          Map.entry("CustomCPUCFSQuotaPeriod", new int[] {29, 0}),
          Map.entry("GracefulNodeShutdown", new int[] {29, 1}),
          Map.entry("GracefulNodeShutdownBasedOnPodPriority", new int[] {29, 1}),
          Map.entry("NodeSwap", new int[] {29, 0, 30, 1}),
          Map.entry("KubeletCrashLoopBackOffMax", new int[] {32, 0}),
          Map.entry("KubeletEnsureSecretPulledImages", new int[] {33, 0}),
          Map.entry("RotateKubeletServerCertificate", new int[] {29, 1}),
          Map.entry("NodeLogQuery", new int[] {29, 0}),
          Map.entry("KubeletTracing", new int[] {29, 1}),
          Map.entry("MemoryQoS", new int[] {29, 0}));

  private FeatureGates() {}

  public static FeatureGates get() {
    return INSTANCE;
  }

  /** The explicit value in {@code featureGates} if present, else the gate's default at {@code version}. */
  public boolean enabled(Map<?, ?> featureGates, String gate, KubeVersion version) {
    if (featureGates != null && featureGates.get(gate) instanceof Boolean b) {
      return b;
    }
    int[] steps = DEFAULTS.get(gate);
    boolean on = false;
    if (steps != null) {
      for (int i = 0; i < steps.length; i += 2) {
        if (version.minor() >= steps[i]) {
          on = steps[i + 1] == 1;
        }
      }
    }
    return on;
  }

  /** Problems the kubelet reports for {@code featureGates} at {@code version}. PLACEHOLDER: none. */
  public List<String> problems(Map<?, ?> featureGates, KubeVersion version) {
    return List.of();
  }
}
