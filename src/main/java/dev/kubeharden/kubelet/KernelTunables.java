package dev.kubeharden.kubelet;

import dev.kubeharden.model.Facts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel sysctls the kubelet requires under {@code protectKernelDefaults: true}, from {@code
 * kubeharden/facts/kernel-sysctls.tsv} ({@code pkg/kubelet/cm/container_manager_linux.go}
 * setupKernelTunables), in file order.
 */
public final class KernelTunables {
  public static final Map<String, String> SYSCTLS = load();

  private KernelTunables() {}

  private static Map<String, String> load() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String[] c : Facts.rows("kernel-sysctls.tsv")) {
      m.put(c[0], c[1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
