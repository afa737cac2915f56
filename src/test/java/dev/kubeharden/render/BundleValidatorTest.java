package dev.kubeharden.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.Bundle;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ResolveRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every generated file is parsed back before it is written; a cluster file that passed once, by
 * text.
 */
class BundleValidatorTest {
  private static final String RBAC = "cluster/rbac.yaml";

  private static GenerateService.Result generate() {
    return new GenerateService(new ProfileCatalog(), new Templates(null))
        .build(ResolveRequest.of(List.of("cis"), new KubeVersion(34)));
  }

  private static Bundle with(Bundle b, String path, String text) {
    Map<String, String> files = new LinkedHashMap<>(b.files());
    files.put(path, text);
    return new Bundle(files);
  }

  @Test
  void aBrokenClusterFileIsRefusedEveryTimeEvenAfterItsValidTextPassed() {
    GenerateService.Result r = generate();
    String rbac = r.bundle().files().get(RBAC);
    assertThat(rbac).contains("kind: \"ClusterRole\"");
    Bundle broken = with(r.bundle(), RBAC, rbac.replace("kind: \"ClusterRole\"", "kind: [oops"));

    BundleValidator.validate(r.bundle(), r.profile());
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> BundleValidator.validate(broken, r.profile()))
          .isInstanceOf(BundleValidator.GeneratedFileException.class)
          .hasMessageContaining(RBAC);
      BundleValidator.validate(r.bundle(), r.profile());
    }
  }

  @Test
  void aValidTextUnderAnotherPathIsCheckedAsThatPath() {
    GenerateService.Result r = generate();
    // The RBAC documents are not a kubeadm ClusterConfiguration: passing as cluster/rbac.yaml must
    // not let the same text pass as control-plane/kubeadm-clusterconfiguration.yaml.
    BundleValidator.validate(r.bundle(), r.profile());
    Bundle moved = with(r.bundle(), ClusterRenderer.KUBEADM, r.bundle().files().get(RBAC));
    assertThatThrownBy(() -> BundleValidator.validate(moved, r.profile()))
        .isInstanceOf(BundleValidator.GeneratedFileException.class)
        .hasMessageContaining("ClusterConfiguration");
  }
}
