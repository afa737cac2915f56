package dev.kubeharden.kubelet;

import dev.kubeharden.model.Facts;
import dev.kubeharden.model.KubeVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TLS curve IDs the kubelet's Go crypto/tls knows, from {@code kubeharden/facts/tls-curves.tsv}.
 */
final class TlsCurves {
  private static final Map<Long, Integer> SINCE = load();

  private TlsCurves() {}

  static boolean known(long id, KubeVersion v) {
    Integer since = SINCE.get(id);
    return since != null && v.minor() >= since;
  }

  private static Map<Long, Integer> load() {
    Map<Long, Integer> out = new LinkedHashMap<>();
    for (String[] c : Facts.rows("tls-curves.tsv")) {
      out.put(Long.parseLong(c[0]), Facts.minor(c[2], 0));
    }
    return Map.copyOf(out);
  }
}
