package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.kubelet.NodeStartup;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.NodePaths;
import dev.kubeharden.render.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * For every shipped profile, the layer stacks of the golden tests and every supported minor: the
 * bundle starts a kubelet on a fresh node of each layout. Written from the kubelet's start-up code
 * (the facts and their upstream sources are in kubeharden/facts/node-startup.tsv): no file the
 * kubelet reads at start-up is named unless the layout provides it, the self-signed serving pair is
 * never named, and the node/ and kubeadm/ files leave alone what kubeadm derives per node.
 */
class FreshNodeStartupTest {
  private static final ProfileCatalog CATALOG = new ProfileCatalog();
  private static final List<List<String>> STACKS =
      List.of(
          List.of("cis"),
          List.of("baseline"),
          List.of("cis-1.11"),
          List.of("cis-1.12"),
          List.of("stig"),
          List.of("nsa-cisa"),
          List.of("strict"),
          List.of("localhost-only"),
          List.of("cis", "strict", "localhost-only"),
          List.of("cis", "serving-cert-bootstrap"),
          List.of("stig", "nsa-cisa", "strict"));

  static Stream<Arguments> stacksAndMinors() {
    List<Arguments> out = new ArrayList<>();
    for (List<String> stack : STACKS) {
      for (int m = KubeVersion.OLDEST_SUPPORTED.minor();
          m <= KubeVersion.NEWEST_SUPPORTED.minor();
          m++) {
        out.add(Arguments.of(String.join("+", stack), m));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} on 1.{1}")
  @MethodSource("stacksAndMinors")
  void aFreshNodeOfEveryLayoutStarts(String stack, int minor) {
    ResolveRequest req = ResolveRequest.of(List.of(stack.split("\\+")), new KubeVersion(minor));
    GenerateService.Result built;
    try {
      built = new GenerateService(CATALOG, new Templates(null)).build(req);
    } catch (InvalidInputException e) {
      throw new AssertionError(stack + " on 1." + minor + " is refused: " + e.problems(), e);
    }
    ResolvedProfile rp = built.profile();
    Map<String, String> files = built.bundle().files();
    for (String carrier :
        List.of(
            NodePaths.inBundle(NodePaths.CONFIG_DROPIN),
            NodePaths.KUBEADM_KUBELET_CONFIGURATION,
            NodePaths.KUBEADM_KUBELET_PATCH,
            NodePaths.STANDALONE_CONFIG)) {
      Map<String, Object> doc = new Yaml().load(files.get(carrier));
      for (String field : List.of("tlsCertFile", "tlsPrivateKeyFile")) {
        Object path = doc.get(field);
        assertThat(
                path == null
                    || !NodeStartup.facts().stream()
                        .anyMatch(f -> f.kind().equals("selfSigned") && f.name().equals(path)))
            .as("%s names the self-signed pair in %s", carrier, field)
            .isTrue();
      }
      if (!carrier.equals(NodePaths.STANDALONE_CONFIG)) {
        for (NodeStartup.Fact f : NodeStartup.facts()) {
          if (f.layout().equals("kubeadm") && f.kind().equals("derived")) {
            assertThat(doc)
                .as("%s keeps kubeadm's per-node %s", carrier, f.name())
                .doesNotContainKey(f.name());
          }
        }
      }
    }
    NodeStartup.Outcome startup = NodeStartup.check(rp, true, java.util.Set.of());
    assertThat(startup.problems()).isEmpty();
    assertThat(startup.userProvides().get("kubeadm"))
        .as("a kubeadm node needs nothing beyond what kubeadm join provides")
        .isNull();
    if (Boolean.TRUE.equals(rp.value("protectKernelDefaults"))) {
      String sysctl = files.get(NodePaths.inBundle(NodePaths.SYSCTL));
      assertThat(sysctl)
          .as("protectKernelDefaults needs the kernel settings the kubelet checks")
          .isNotNull();
      dev.kubeharden.render.BundleRenderer.KERNEL_SYSCTLS.forEach(
          (k, v) -> assertThat(sysctl).contains("\n" + k + " = " + v + "\n"));
    }
    if (minor <= 29) {
      assertThat(files.get(NodePaths.inBundle(NodePaths.SYSTEMD_DROPIN)))
          .as(
              "--config-dir is alpha on 1.29: the kubelet reads it only with the environment variable")
          .contains("Environment=\"KUBELET_CONFIG_DROPIN_DIR_ALPHA=on\"");
    }
  }

  @Test
  void theSelfSignedPairIsRefusedWithTheUpstreamRule() {
    ResolveRequest req =
        new ResolveRequest(
            List.of("cis"),
            KubeVersion.DEFAULT,
            List.of(
                "tlsCertFile=/var/lib/kubelet/pki/kubelet.crt",
                "tlsPrivateKeyFile=/var/lib/kubelet/pki/kubelet.key"),
            List.of(),
            List.of());
    try {
      new GenerateService(CATALOG, new Templates(null)).build(req);
      throw new AssertionError("the self-signed pair was accepted");
    } catch (InvalidInputException e) {
      assertThat(e.problems()).hasSize(2);
      assertThat(e.problems().get(0).position().toString()).contains("--set tlsCertFile=");
      assertThat(e.problems().get(0).message()).contains("server.go InitializeTLS");
    }
  }

  @Test
  void aReservedCgroupAFreshNodeLacksIsRefused() {
    ResolveRequest req =
        new ResolveRequest(
            List.of("baseline"),
            KubeVersion.DEFAULT,
            List.of(
                "enforceNodeAllocatable=[pods, kube-reserved]", "kubeReservedCgroup=/kube.slice"),
            List.of(),
            List.of(
                new dev.kubeharden.model.Disable(
                    "SEED:9",
                    "test: enforce kube-reserved",
                    "test",
                    dev.kubeharden.model.Position.of("test"))));
    try {
      new GenerateService(CATALOG, new Templates(null)).build(req);
      throw new AssertionError("a missing kube-reserved cgroup was accepted");
    } catch (InvalidInputException e) {
      assertThat(e.problems())
          .anySatisfy(p -> assertThat(p.message()).contains("/kube.slice does not exist"));
    }
  }
}
