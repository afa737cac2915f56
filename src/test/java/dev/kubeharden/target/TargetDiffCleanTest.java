package dev.kubeharden.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.Templates;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The kubelet configuration a target produces on a node, merged the way that distribution merges
 * it, diffs clean against the profile with kubeharden's own diff. kubeadm and Cluster API:
 * kubeadm's own config.yaml (the diff fixture, as a kubeadm 1.3x node has it) with the hardening
 * merged in, as kubeadm writes it from the KubeletConfiguration document or the patch. EKS:
 * nodeadm's config.json (the AL2023 layout fixture) and the NodeConfig's spec.kubelet.config as its
 * 40-nodeadm.conf drop-in.
 */
class TargetDiffCleanTest {
  @TempDir Path tmp;

  @Test
  void kubeadmsOwnConfigYamlDriftsWithoutTheHardening() {
    CliRun r =
        CliRun.run(
            "diff",
            "--kubelet-config",
            "src/test/resources/diff/kubeadm/config.yaml",
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml");
    assertThat(r.code()).isEqualTo(4);
  }

  @Test
  void kubeadmWritesAHardenedConfigYaml() throws IOException {
    Map<String, Object> carrier = load(files("kubeadm").get("kubeadm/kubelet-configuration.yaml"));
    Path config =
        write(
            "config.yaml",
            merge(load(Path.of("src/test/resources/diff/kubeadm/config.yaml")), carrier));
    assertNoDrift(
        CliRun.run(
            "diff",
            "--kubelet-config",
            config.toString(),
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml"));
  }

  @Test
  void clusterApiPatchFileGivesTheSameConfigYaml() throws IOException {
    Map<String, Object> template =
        load(files("cluster-api").get("cluster-api/kubeadmconfigtemplate.yaml"));
    Object content = at(first(at(template, "spec", "template", "spec", "files")), "content");
    Path config =
        write(
            "config.yaml",
            merge(
                load(Path.of("src/test/resources/diff/kubeadm/config.yaml")),
                load((String) content)));
    assertNoDrift(
        CliRun.run(
            "diff",
            "--kubelet-config",
            config.toString(),
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml"));
  }

  @Test
  void eksNodeConfigBecomesNodeadmsDropIn() throws IOException {
    Map<String, Object> nodeConfig = load(files("eks").get("eks/nodeconfig.yaml"));
    @SuppressWarnings("unchecked")
    Map<String, Object> dropIn =
        new LinkedHashMap<>((Map<String, Object>) at(nodeConfig, "spec", "kubelet", "config"));
    dropIn.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    dropIn.put("kind", "KubeletConfiguration");
    Path dir = Files.createDirectories(tmp.resolve("config.json.d"));
    Files.writeString(dir.resolve("40-nodeadm.conf"), dump(dropIn));
    Path base =
        Path.of(
            "src/test/resources/diff-layouts/eks-al2023/root/etc/kubernetes/kubelet/config.json");
    assertNoDrift(
        CliRun.run(
            "diff",
            "--k8s-version",
            "1.34",
            "--kubelet-config",
            base.toString(),
            "--config-dir",
            dir.toString(),
            "--kubelet-args",
            "--config=" + base + " --config-dir=" + dir));
  }

  @Test
  void rke2CopiesTheDropInAfterItsOwnDefaults() throws IOException {
    // RKE2 runs the kubelet with --config-dir only: 00-rke2-defaults.conf (the layout fixture),
    // then the drop-in
    // kubelet-arg config-dir= names, copied after it; --read-only-port=0 is RKE2's own flag.
    Path dir = Files.createDirectories(tmp.resolve("kubelet.conf.d"));
    Files.copy(
        Path.of(
            "src/test/resources/diff-layouts/rke2/root/var/lib/rancher/rke2/agent/etc/kubelet.conf.d/"
                + "00-rke2-defaults.conf"),
        dir.resolve("00-rke2-defaults.conf"));
    Files.writeString(
        dir.resolve("50-kubeharden.conf"),
        files("rke2").get("rke2/etc/rancher/rke2/kubelet.conf.d/50-kubeharden.conf"));
    assertNoDrift(
        CliRun.run(
            "diff",
            "--target",
            "rke2",
            "--config-dir",
            dir.toString(),
            "--kubelet-args",
            "--config-dir=" + dir + " --read-only-port=0"));
  }

  @Test
  void k3sCopiesTheDropInAfterItsOwnDefaults() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("k3s.conf.d"));
    Files.copy(
        Path.of(
            "src/test/resources/diff-layouts/k3s/root/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/"
                + "00-k3s-defaults.conf"),
        dir.resolve("00-k3s-defaults.conf"));
    Files.writeString(
        dir.resolve("50-kubeharden.conf"),
        files("k3s").get("k3s/etc/rancher/k3s/kubelet.conf.d/50-kubeharden.conf"));
    assertNoDrift(
        CliRun.run(
            "diff",
            "--target",
            "k3s",
            "--config-dir",
            dir.toString(),
            "--kubelet-args",
            "--config-dir=" + dir + " --read-only-port=0"));
  }

  private static void assertNoDrift(CliRun r) {
    assertThat(r.code()).as("diff: %s%s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("no drift");
  }

  private static Map<String, String> files(String target) {
    int minor = target.equals("eks") ? 34 : KubeVersion.DEFAULT.minor();
    return new GenerateService(new ProfileCatalog(), new Templates(null))
        .build(ResolveRequest.of(List.of("cis"), new KubeVersion(minor)), List.of(target))
        .bundle()
        .files();
  }

  private Path write(String name, Map<String, Object> doc) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, dump(doc));
    return p;
  }

  private static Map<String, Object> load(Path p) throws IOException {
    return load(Files.readString(p));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String text) {
    return (Map<String, Object>) new Yaml().load(text);
  }

  private static String dump(Map<String, Object> doc) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o).dump(doc);
  }

  /**
   * A JSON merge patch of {@code over} onto {@code base} (maps merge, everything else replaces).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> m && out.get(k) instanceof Map<?, ?> b) {
            out.put(k, merge((Map<String, Object>) b, (Map<String, Object>) m));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object at(Object node, String... keys) {
    Object n = node;
    for (String k : keys) {
      n = n instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(k) : null;
    }
    return n;
  }

  private static Object first(Object list) {
    return list instanceof List<?> l && !l.isEmpty() ? l.get(0) : null;
  }
}
