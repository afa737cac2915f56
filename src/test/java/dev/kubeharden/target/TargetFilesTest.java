package dev.kubeharden.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every target's bundle: the files that carry kubelet configuration onto a node get the node
 * bundle's 0600, the files of an infra repository keep the default, and {@code validate} accepts
 * and checks every file each target writes.
 */
class TargetFilesTest {
  /** The files of each target that sit on a node and carry kubelet configuration. */
  private static final Map<String, Set<String>> OWNER_ONLY =
      Map.of(
          "node",
          Set.of(
              "node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf",
              "node/etc/systemd/system/kubelet.service.d/20-kubeharden.conf",
              "standalone/var/lib/kubelet/config.yaml"),
          "rke2",
          Set.of(
              "rke2/etc/rancher/rke2/config.yaml.d/50-kubeharden.yaml",
              "rke2/etc/rancher/rke2/kubelet.conf.d/50-kubeharden.conf"),
          "k3s",
          Set.of(
              "k3s/etc/rancher/k3s/config.yaml.d/50-kubeharden.yaml",
              "k3s/etc/rancher/k3s/kubelet.conf.d/50-kubeharden.conf"));

  @TempDir Path tmp;

  static List<String> targets() {
    return Targets.names();
  }

  private Map<String, Path> generate(String target, String profile) throws Exception {
    Path out = tmp.resolve(target + "-" + profile);
    CliRun g =
        CliRun.run(
            "generate", "-q", "--profile", profile, "--target", target, "--out", out.toString());
    assertThat(g.code()).as(g.err()).isZero();
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(out)) {
      s.filter(Files::isRegularFile)
          .forEach(p -> files.put(out.relativize(p).toString().replace('\\', '/'), p));
    }
    return files;
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @ParameterizedTest
  @MethodSource("targets")
  void nodeSideKubeletFilesAreOwnerOnlyAndInfraFilesKeepTheDefault(String target) throws Exception {
    Map<String, Path> files = generate(target, "cis");
    Set<String> ownerOnly = OWNER_ONLY.getOrDefault(target, Set.of());
    assertThat(files.keySet()).containsAll(ownerOnly);
    String usual = mode(files.get("REPORT.md"));
    assertThat(usual).isNotEqualTo("rw-------").doesNotContain("x");
    for (Map.Entry<String, Path> e : files.entrySet()) {
      assertThat(mode(e.getValue()))
          .as(e.getKey())
          .isEqualTo(ownerOnly.contains(e.getKey()) ? "rw-------" : usual);
    }
  }

  @ParameterizedTest
  @MethodSource("targets")
  void validateAcceptsAndChecksEveryFileATargetWrites(String target) throws Exception {
    for (String profile : List.of("cis", "strict")) {
      Map<String, Path> files = generate(target, profile);
      List<String> args = new ArrayList<>(List.of("validate"));
      files.values().forEach(p -> args.add(p.toString()));
      CliRun r = CliRun.run(args);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out().lines()).hasSize(files.size()).allMatch(l -> l.contains(": ok ("));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "talos | talos/kubeletconfig.yaml | readOnlyPort: 0 | readOnlyPort: 70000"
            + " | 8:17: error: readOnlyPort must be between 0 and 65535 (got 70000)",
        "talos | talos/machine-kubelet-patch.yaml | readOnlyPort: 0 | readOnlyPort: 70000"
            + " | 7:21: error: readOnlyPort must be between 0 and 65535 (got 70000)",
        "cluster-api | cluster-api/kubeadmconfigtemplate.yaml | readOnlyPort: 0 | readOnlyPort: 70000"
            + " | 19:27: error: readOnlyPort must be between 0 and 65535 (got 70000)",
        "k0s | k0s/clusterconfig-workerprofile.yaml | readOnlyPort: 0 | readOnlyPort: 70000"
            + " | 13:23: error: readOnlyPort must be between 0 and 65535 (got 70000)",
        "eks | eks/nodeconfig.yaml | readOnlyPort: 0 | readOnlyPort: 70000"
            + " | 10:21: error: readOnlyPort must be between 0 and 65535 (got 70000)",
        "eks | eks/user-data.mime | readOnlyPort: 0 | readOnlyPort: 70000"
            + " | 13:21: error: readOnlyPort must be between 0 and 65535 (got 70000)",
        "kops | kops/cluster-kubelet.yaml | readOnlyPort: 0 | readOnlyPrt: 0"
            + " | 11:5: error: unknown kOps KubeletConfigSpec field readOnlyPrt; did you mean"
            + " \"readOnlyPort\"?",
        "kubespray | kubespray/group_vars/k8s_cluster/kubeharden.yml | kube_read_only_port: 0"
            + " | kube_read_only_prt: 0 | 4:1: error: unknown Kubespray variable kube_read_only_prt;"
            + " did you mean \"kube_read_only_port\"?",
        "rke2 | rke2/etc/rancher/rke2/config.yaml.d/50-kubeharden.yaml | config-dir= | confg-dir="
            + " | 6:5: error: the kubelet of 1.36 has no flag --confg-dir; did you mean"
            + " \"config-dir\"?",
      })
  void theChecksFindWhatIsWrongAtItsLine(
      String target, String file, String from, String to, String error) throws Exception {
    Path f = generate(target, "cis").get(file);
    String text = Files.readString(f);
    assertThat(text).contains(from);
    Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
    CliRun r = CliRun.run("validate", f.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(3);
    assertThat(r.err()).startsWith(f + ":" + error + "\n");
  }

  @org.junit.jupiter.api.Test
  void aFleetsTargetFilesHaveTheSameModesAndValidate() throws Exception {
    Path out = tmp.resolve("fleet");
    CliRun g =
        CliRun.run(
            "generate",
            "-q",
            "--inventory",
            "src/test/resources/fleet/targets/inventory.yaml",
            "--out",
            out.toString());
    assertThat(g.code()).as(g.err()).isZero();
    List<String> args = new ArrayList<>(List.of("validate"));
    String usual = mode(out.resolve("REPORT.md"));
    int ownerOnly = 0;
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
        args.add(p.toString());
        String rel = out.relativize(p).toString();
        boolean rancher =
            rel.matches("edge/[a-z]+/rke2/etc/rancher/rke2/(config\\.yaml|kubelet\\.conf)\\.d/.*");
        ownerOnly += rancher ? 1 : 0;
        if (rel.contains("/rke2/") || rel.contains("/eks/") || rel.contains("/cluster-api/")) {
          assertThat(mode(p)).as(rel).isEqualTo(rancher ? "rw-------" : usual);
        }
      }
    }
    assertThat(ownerOnly).as("rke2 drop-ins of the two edge pools").isEqualTo(4);
    CliRun r = CliRun.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(args.size() - 1).allMatch(l -> l.contains(": ok ("));
  }
}
