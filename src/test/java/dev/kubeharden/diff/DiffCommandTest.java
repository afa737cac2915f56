package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diff's inputs and options in-process: fleets, kubectl, inline args, cluster inputs and usage
 * errors.
 */
class DiffCommandTest {
  private static final Path FIXTURES = Path.of("src/test/resources/diff");

  @TempDir Path tmp;

  private static CliRun diff(String... args) {
    List<String> all = new ArrayList<>(List.of("diff"));
    all.addAll(List.of(args));
    return CliRun.run(all);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.toString().contains("/expected")) {
          continue;
        }
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Test
  void aDirectoryOfNodesGivesOneSectionPerNodeAndAFleetSummary() throws IOException {
    Path fleet = tmp.resolve("fleet");
    copyTree(FIXTURES.resolve("kubeadm"), fleet.resolve("worker-1"));
    copyTree(FIXTURES.resolve("systemd-flag-undoes"), fleet.resolve("worker-2"));
    copyTree(Path.of("out/node"), fleet.resolve("worker-3"));
    copyTree(
        Path.of("out/standalone"),
        fleet.resolve("worker-3")); // a standalone node: node/ and its config.yaml
    CliRun r = diff("--kubelet-config", fleet.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        // worker-1 is a kubeadm node whose kubeadm-flags.env passes --pod-infra-container-image,
        // which the 1.36 kubelet no longer has.
        .contains("\nnode worker-1: the kubelet does not start; ")
        .contains("unknown flag: --pod-infra-container-image")
        .contains("\nnode worker-2: 2 findings (1 critical, 1 high); ")
        .contains("\nnode worker-3: no drift; 18 controls pass, 0 fail, 29 not checked\n")
        .endsWith(
            "\nfleet: 3 nodes, 2 drifting (1 whose kubelet does not start), 2 findings (1 critical,"
                + " 1 high)\n");
    CliRun json = diff("--kubelet-config", fleet.toString(), "--format", "json");
    assertThat(json.out())
        .contains("\"nodes\": 3,\n    \"driftingNodes\": 2,\n    \"findings\": 2,");
  }

  @Test
  void aMalformedNodeInAFleetFailsTheRunWithItsPosition() throws IOException {
    Path fleet = tmp.resolve("fleet");
    copyTree(FIXTURES.resolve("kubeadm"), fleet.resolve("a"));
    copyTree(Path.of("src/test/resources/diff-errors/wrong-type"), fleet.resolve("b"));
    CliRun r = diff("--kubelet-config", fleet.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith(
            fleet.resolve("b/config.yaml") + ":3:15: error: readOnlyPort must be an integer")
        .endsWith("2 errors\n");
  }

  @Test
  void nodeFetchesConfigzThroughKubectl() throws IOException {
    Path kubectl =
        dev.kubeharden.testing.FakeKubectl.install(tmp, Path.of("src/test/resources/cluster"));
    CliRun r = diff("--node", "worker-1", "--kubectl", kubectl.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .contains("\nnode worker-1: 11 findings")
        .contains(
            "readOnlyPort                      10255    configz kubectl configz of worker-1:1:237");
  }

  @Test
  void kubectlThatCannotRunIsARuntimeError() {
    CliRun missing = diff("--node", "w", "--kubectl", tmp.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("not found or not runnable").hasLineCount(1);
  }

  @Test
  void inlineArgsOverrideTheFileAndForbiddenFlagsAreFindings() {
    CliRun r =
        diff(
            "--kubelet-config",
            "out/standalone/var/lib/kubelet/config.yaml",
            "--kubelet-args",
            "--config=/var/lib/kubelet/config.yaml --anonymous-auth --hostname-override node-1");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .contains("authentication.anonymous.enabled  true     flag --kubelet-args:1:39")
        .contains("--hostname-override               node-1   flag --kubelet-args:1:56");
  }

  @Test
  void argsWithoutConfigMeanTheFileIsNotRead() {
    CliRun r =
        diff(
            "--kubelet-config",
            "out/standalone/var/lib/kubelet/config.yaml",
            "--kubelet-args",
            "--kubeconfig=/etc/kubernetes/kubelet.conf");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .contains("authorization.mode                AlwaysAllow  legacy-default")
        .contains("note: the kubelet arguments pass no --config, so the kubelet does not read");
  }

  @Test
  void alphaDropInsNeedTheirEnvironmentVariableOn129() {
    String conf = "src/test/resources/diff/dropin-undoes";
    CliRun r =
        diff(
            "--k8s-version",
            "1.29",
            "--kubelet-config",
            conf + "/config.yaml",
            "--config-dir",
            conf + "/conf.d",
            "--kubelet-args",
            "--config=/c.yaml --config-dir=/d");
    assertThat(r.out())
        .contains(
            "note: --config-dir is alpha in Kubernetes 1.29: without"
                + " KUBELET_CONFIG_DROPIN_DIR_ALPHA in the kubelet's environment the kubelet refuses to start")
        .doesNotContain("90-debug.conf");
    CliRun on136 =
        diff(
            "--kubelet-config",
            conf + "/config.yaml",
            "--config-dir",
            conf + "/conf.d",
            "--kubelet-args",
            "--config=/c.yaml --config-dir=/d");
    assertThat(on136.out()).contains("drop-in " + conf + "/conf.d/90-debug.conf:4:15");
  }

  @Test
  void configzFileAndClusterInputs() throws IOException {
    Path ns = tmp.resolve("ns.yaml");
    Files.writeString(
        ns,
        """
                          apiVersion: v1
                          kind: List
                          items:
                          - metadata: {name: default}
                          - metadata: {name: apps, labels: {pod-security.kubernetes.io/enforce: restricted}}
                          """);
    CliRun r =
        diff(
            "--configz",
            FIXTURES.resolve("configz/configz.json").toString(),
            "--namespaces",
            ns.toString(),
            "--apiserver-args",
            "--authorization-mode=Node,RBAC --anonymous-auth=false"
                + " --audit-policy-file=/etc/kubernetes/audit.yaml --audit-log-path=/var/log/audit.log"
                + " --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
            "--format",
            "json");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).as("cluster inputs are findings now, not notes").isEmpty();
    assertThat(r.out())
        .contains("\"field\": \"namespace default pod-security.kubernetes.io/enforce\"")
        .contains("\"field\": \"kube-apiserver --enable-admission-plugins\"")
        .doesNotContain("\"field\": \"namespace apps")
        .doesNotContain("\"field\": \"kube-apiserver --authorization-mode\"");
  }

  @Test
  void usageErrors() {
    CliRun none = diff();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).startsWith("kubeharden: give a node input: ");
    CliRun both = diff("--configz", "x.json", "--kubelet-config", "c.yaml");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).startsWith("kubeharden: --configz and --node read a running kubelet");
    CliRun badNode = diff("--node", "../etc");
    assertThat(badNode.code()).isEqualTo(2);
    CliRun badFormat = diff("--kubelet-config", "out/node", "--format", "xml");
    assertThat(badFormat.code()).isEqualTo(2);
    CliRun twoArgs = diff("--kubelet-args", "a", "--kubelet-args-file", "b");
    assertThat(twoArgs.code()).isEqualTo(2);
    CliRun version = diff("--kubelet-config", "out/node", "--k8s-version", "1.12");
    assertThat(version.code()).isEqualTo(2);
  }

  @Test
  void everyOptionIsInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    var cl =
        dev.kubeharden.cli.Cli.newCommandLine(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(new java.io.StringWriter()));
    for (var o : cl.getSubcommands().get("diff").getCommandSpec().options()) {
      if (!o.usageHelp()
          && !o.versionHelp()
          && !o.hidden()
          && !o.longestName().equals("--stacktrace")) {
        assertThat(readme)
            .as("README documents diff %s", o.longestName())
            .contains(o.longestName());
      }
    }
    assertThat(readme)
        .contains("scripts/bench-diff-fleet.sh", "\"schema\": \"kubeharden.dev/diff/v1\"");
  }

  @Test
  void helpListsTheExitCodes() {
    CliRun r = diff("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("Usage: kubeharden diff ")
        .contains("--kubelet-config", "--patch", "Exit codes:");
  }
}
