package dev.kubeharden.target;

import dev.kubeharden.model.Facts;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.render.YamlText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kOps (kubernetes/kops v1.36): the Cluster's spec.kubelet in kOps' own field names and encodings
 * (facts/targets/kops-kubelet.tsv, from pkg/apis/kops/v1alpha2/componentconfig.go
 * KubeletConfigSpec). nodeup writes them to /var/lib/kubelet/kubelet.conf (kOps 1.36 and newer). An
 * InstanceGroup's spec.kubelet overrides the Cluster's for its nodes; spec.controlPlaneKubelet is
 * kOps' own for control planes. Applying it needs a rolling update, which replaces the machines.
 */
final class KopsTarget implements Target {
  static final String FILE = "kops/cluster-kubelet.yaml";
  private static final Map<String, String[]> BY_CONFIG_FIELD = load();

  @Override
  public String name() {
    return "kops";
  }

  @Override
  public String title() {
    return "kOps: Cluster spec.kubelet (kOps field names and encodings)";
  }

  @Override
  public List<String> carrierFiles() {
    return List.of(FILE);
  }

  @Override
  public Expressibility.Carrier carrier(String field) {
    Expressibility.Carrier c = Target.super.carrier(field);
    if (c.kind() == Expressibility.Kind.FIELD && !BY_CONFIG_FIELD.containsKey(field)) {
      return new Expressibility.Carrier(
          Expressibility.Kind.NOT_EXPRESSIBLE,
          "no KubeletConfigSpec field for it in facts/targets/kops-kubelet.tsv ("
              + c.detail()
              + ")");
    }
    return c;
  }

  @Override
  public Expressibility.Kind unlisted() {
    return Expressibility.Kind.NOT_EXPRESSIBLE;
  }

  @Override
  public Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared) {
    StringBuilder sb = new StringBuilder();
    sb.append(Shared.header("#", rp, "kOps Cluster spec.kubelet"))
        .append(
            "# Merge spec.kubelet into your Cluster (kops edit cluster, or your cluster spec in git), then\n")
        .append(
            "# \"kops update cluster --yes\" and \"kops rolling-update cluster --yes\" (machines are replaced).\n")
        .append(
            "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: kubeharden\nspec:\n  kubelet:\n");
    int n = 0;
    for (Map.Entry<String, ResolvedSetting> e : hardening.entrySet()) {
      String[] row = BY_CONFIG_FIELD.get(e.getKey());
      if (row == null || carrier(e.getKey()).kind() != Expressibility.Kind.FIELD) {
        continue;
      }
      sb.append("    ").append(row[0]).append(':');
      value(sb, row, e.getValue().value());
      n++;
    }
    if (n == 0) {
      sb.append("    {}\n");
    }
    return Map.of(FILE, sb.toString());
  }

  /** Encodes a value as the kOps Go type of the field wants it. */
  private static void value(StringBuilder sb, String[] row, Object v) {
    String goType = row[2];
    String how = row[4];
    if (v instanceof Map<?, ?> m && how.contains("\"signal<")) {
      sb.append(' ').append(YamlText.scalar(join(m, "<"))).append('\n');
    } else if (v instanceof Map<?, ?> m && how.contains("\"signal=")) {
      sb.append(' ').append(YamlText.scalar(join(m, "="))).append('\n');
    } else if (v instanceof Map<?, ?> m) {
      sb.append('\n');
      m.forEach(
          (k, x) ->
              sb.append("      ")
                  .append(YamlText.key(String.valueOf(k)))
                  .append(": ")
                  .append(YamlText.scalar(String.valueOf(x)))
                  .append('\n'));
    } else if (v instanceof List<?> l && goType.equals("string")) {
      sb.append(' ')
          .append(YamlText.scalar(String.join(",", l.stream().map(String::valueOf).toList())));
      sb.append('\n');
    } else if (v instanceof List<?> l) {
      sb.append('\n');
      l.forEach(x -> sb.append("      - ").append(YamlText.scalar(x)).append('\n'));
    } else {
      sb.append(' ').append(YamlText.scalar(v)).append('\n');
    }
  }

  private static String join(Map<?, ?> m, String sep) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, x) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append(sep).append(x));
    return sb.toString();
  }

  /** KubeletConfiguration path to the kOps row (json name, Go field, Go type, flag, rendering). */
  private static Map<String, String[]> load() {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String[] row : Facts.rows("targets/kops-kubelet.tsv")) {
      if (row.length >= 5 && row[4].startsWith("config ")) {
        String path = row[4].substring("config ".length()).split(" ", -1)[0];
        out.putIfAbsent(path, row);
      } else if (row.length >= 5
          && row[4].startsWith("flag ")
          && dev.kubeharden.kubelet.KubeletSchema.get().field(row[0]) != null) {
        // nodeup passes it as a flag; the kOps field has the KubeletConfiguration name
        out.putIfAbsent(row[0], row);
      }
    }
    return out;
  }
}
