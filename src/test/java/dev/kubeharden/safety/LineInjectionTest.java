package dev.kubeharden.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A value that reaches a line-oriented file (the systemd drop-in, tmpfiles lines) cannot add a
 * line, a systemd specifier or a variable: a newline in kubeletPath used to become a new
 * ExecStartPre= directive, with exit 0.
 */
class LineInjectionTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubeletPath=\"/usr/bin/kubelet\\nExecStartPre=/bin/true\"",
        "kubeletPath=\"/usr/bin/kube let\"",
        "kubeletPath=/usr/bin/kubelet%n",
        "kubeletPath=/usr/bin/$KUBELET",
        "kubeconfig=\"/etc/kubernetes/kubelet.conf\\rx\"",
        "clientCAFile=\"/etc/kubernetes/pki/ca.crt\\nz /etc/shadow 0666 root root -\"",
      })
  void aPathVariableThatWouldInjectIsRefused(String assignment) {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.run("generate", "-p", "cis", "--out", out.toString(), "--var", assignment);
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.err())
        .contains("--var ")
        .containsAnyOf("must be an absolute, normalized path", "the control character U+000D");
    assertThat(out).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--set", "--var"})
  void anOrdinaryPathStillWorks(String how) {
    CliRun r =
        CliRun.run(
            "generate",
            "-p",
            "baseline",
            "--out",
            tmp.resolve("ok" + how).toString(),
            "--var",
            "kubeletPath=/opt/k8s/bin/kubelet");
    r.assertOk();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=b\\nExecStartPre=/bin/true", "a=b $HOME", "a=%n", "a=$(id)", "a=b'c"})
  void aFlagValueThatWouldSplitOrExpandIsRefused(String value) throws java.io.IOException {
    Path p = tmp.resolve("flags.yaml");
    java.nio.file.Files.writeString(
        p,
        "apiVersion: kubeharden.dev/v1alpha1\nkind: HardeningProfile\nmetadata:\n  name: flags\n"
            + "extends: [baseline]\nkubelet:\n  flags:\n    node-labels: \""
            + value
            + "\"\n");
    CliRun r = CliRun.run("generate", "-p", p.toString(), "--out", tmp.resolve("f").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("--node-labels: the value must not hold whitespace");
  }
}
