package dev.kubeharden.target;

import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.ResolvedSetting;
import dev.kubeharden.render.KubeletYaml;
import java.util.List;
import java.util.Map;

/**
 * k0s: a worker profile in the ClusterConfig (k0s.k0sproject.io/v1beta1
 * spec.workerProfiles[].values, decoded onto k0s's kubelet defaults); workers use it with "k0s
 * worker --profile kubeharden". k0s refuses some keys there
 * (pkg/apis/k0s/v1beta1/workerprofile.go): the matrix marks them provider-managed.
 */
final class K0sTarget implements Target {
  static final String FILE = "k0s/clusterconfig-workerprofile.yaml";
  static final String PROFILE = "kubeharden";

  @Override
  public String name() {
    return "k0s";
  }

  @Override
  public String title() {
    return "k0s: ClusterConfig spec.workerProfiles entry \"kubeharden\" (k0s worker --profile kubeharden)";
  }

  @Override
  public List<String> carrierFiles() {
    return List.of(FILE);
  }

  @Override
  public Map<String, String> render(
      ResolvedProfile rp, Map<String, ResolvedSetting> hardening, Map<String, String> shared) {
    return Map.of(
        FILE,
        Shared.header("#", rp, "k0s worker profile with the kubelet hardening")
            + "# Merge spec.workerProfiles into your k0s.yaml ClusterConfig and start workers with\n"
            + "# \"k0s worker --profile "
            + PROFILE
            + "\". Changing the profile reconfigures the kubelets that use it.\n"
            + "apiVersion: k0s.k0sproject.io/v1beta1\n"
            + "kind: ClusterConfig\n"
            + "metadata:\n"
            + "  name: k0s\n"
            + "spec:\n"
            + "  workerProfiles:\n"
            + "    - name: "
            + PROFILE
            + "\n"
            + "      values:\n"
            + KubeletYaml.of(configCarried(hardening), 8, false));
  }

  @Override
  public Object kubeletIn(String path, Map<String, Object> doc) {
    return Shared.at(Shared.first(Shared.at(doc, "spec", "workerProfiles")), "values");
  }
}
