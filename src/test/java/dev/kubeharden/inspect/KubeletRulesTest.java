package dev.kubeharden.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.EffectiveValue;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.ValueSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's own rules for turning its inputs into a configuration, one test per rule
 * (cmd/kubelet/app/server.go, cmd/kubelet/app/options/options.go, component-base cli/flag, pflag).
 */
class KubeletRulesTest {
  private static final KubeVersion V134 = KubeVersion.parseOrNull("1.34");

  @TempDir Path tmp;

  private Path file(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private Path config(String body) throws IOException {
    return file(
        "config.yaml",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" + body);
  }

  private EffectiveConfig inspect(Path config, Path dir, String args) {
    return NodeInspector.inspect(NodeInputs.files("n", config, dir, args, List.of()), V134);
  }

  private static Object value(EffectiveConfig ec, String path) {
    return ec.lookup(path).value();
  }

  @Test
  void seccompDefaultFlagIsOredWithTheConfigField() throws IOException {
    Path c = config("seccompDefault: true\n");
    EffectiveConfig ec = inspect(c, null, "--config=" + c + " --seccomp-default=false");
    assertThat(value(ec, "seccompDefault")).isEqualTo(true);
  }

  @Test
  void vIsTheTwinOfLoggingVerbosity() throws IOException {
    Path c = config("logging: {verbosity: 2}\n");
    EffectiveConfig ec = inspect(c, null, "--config=" + c + " --v=4");
    assertThat(value(ec, "logging.verbosity")).isEqualTo(4L);
  }

  @Test
  void aNonBooleanFlagTakesTheNextWordEvenWhenItStartsWithADash() throws IOException {
    Path c = config("");
    EffectiveConfig ec = inspect(c, null, "--config=" + c + " --oom-score-adj -999");
    assertThat(value(ec, "oomScoreAdj")).isEqualTo(-999L);
  }

  @Test
  void aMapFlagReplacesTheWholeMapOfTheFile() throws IOException {
    Path c = config("systemReserved: {cpu: 500m, memory: 1Gi}\n");
    EffectiveConfig ec = inspect(c, null, "--config=" + c + " --system-reserved=cpu=1");
    assertThat(value(ec, "systemReserved.cpu")).isEqualTo("1");
    assertThat(value(ec, "systemReserved.memory")).isNull();
  }

  @Test
  void repeatedMapFlagsAddKeysAndFeatureGatesOfTheFileAreMergedBack() throws IOException {
    Path c =
        config("featureGates: {RotateKubeletServerCertificate: false, KubeletTracing: true}\n");
    EffectiveConfig ec =
        inspect(
            c,
            null,
            "--config="
                + c
                + " --system-reserved=cpu=1 --system-reserved=memory=2Gi"
                + " --feature-gates=RotateKubeletServerCertificate=t");
    assertThat(value(ec, "systemReserved.cpu")).isEqualTo("1");
    assertThat(value(ec, "systemReserved.memory")).isEqualTo("2Gi");
    assertThat(value(ec, "featureGates.RotateKubeletServerCertificate")).isEqualTo(true);
    assertThat(value(ec, "featureGates.KubeletTracing")).isEqualTo(true);
  }

  @Test
  void evictionSoftGracePeriodIsAnEqualsSeparatedMap() throws IOException {
    Path c = config("");
    EffectiveConfig ec =
        inspect(c, null, "--config=" + c + " --eviction-soft-grace-period=memory.available=1m30s");
    assertThat(value(ec, "evictionSoftGracePeriod.memory.available")).isEqualTo("1m30s");
  }

  @Test
  void dropInsAreWalkedRecursivelyInWalkDirOrderAndOnlyConfFilesCount() throws IOException {
    Path c = config("readOnlyPort: 0\n");
    String head = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    // filepath.WalkDir visits "10-x" (a directory) before "10-x.conf": its files come first.
    file("conf.d/10-x/50.conf", head + "readOnlyPort: 10255\nmaxPods: 20\n");
    file("conf.d/10-x.conf", head + "readOnlyPort: 10250\n");
    file("conf.d/sub/deeper/90.conf", head + "podPidsLimit: 1024\n");
    file("conf.d/sub/99.yaml", head + "podPidsLimit: 1\n");
    EffectiveConfig ec =
        inspect(
            c, tmp.resolve("conf.d"), "--config=" + c + " --config-dir=" + tmp.resolve("conf.d"));
    assertThat(value(ec, "readOnlyPort")).isEqualTo(10250L);
    assertThat(value(ec, "maxPods")).isEqualTo(20L);
    assertThat(value(ec, "podPidsLimit")).isEqualTo(1024L);
  }

  @Test
  void dollarBraceVariableIsOneArgumentAndDollarVariableSplits() throws IOException {
    Path c = config("");
    Path unit =
        file(
            "kubelet.service",
            "[Service]\n"
                + "Environment=\"A=--node-labels=a=b --max-pods=20\" \"B=--max-pods=30 --v=3\"\n"
                + "ExecStart=/usr/bin/kubelet --config="
                + c
                + " ${A} $B\n");
    EffectiveConfig ec =
        NodeInspector.inspect(NodeInputs.files("n", c, null, null, List.of(unit)), V134);
    assertThat(ec.flag("node-labels").value()).isEqualTo("a=b --max-pods=20");
    assertThat(value(ec, "maxPods")).isEqualTo(30L);
  }

  @Test
  void environmentFilesAloneAssumeKubeadmsWholeDropInWithItsConfigFlag() throws IOException {
    Path c = config("authentication: {anonymous: {enabled: false}}\n");
    Path env =
        file(
            "kubeadm-flags.env",
            "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock\"\n");
    EffectiveConfig ec =
        NodeInspector.inspect(NodeInputs.files("n", c, null, null, List.of(env)), V134);
    EffectiveValue anon = ec.lookup("authentication.anonymous.enabled");
    assertThat(anon.value()).isEqualTo(false);
    assertThat(anon.source()).isEqualTo(ValueSource.FILE);
    assertThat(value(ec, "authorization.mode")).isEqualTo("Webhook");
    assertThat(ec.flag("config").value()).isEqualTo("/var/lib/kubelet/config.yaml");
    assertThat(ec.flag("kubeconfig").value()).isEqualTo("/etc/kubernetes/kubelet.conf");
  }

  @Test
  void anUnsetTlsMinVersionIsTls12() throws IOException {
    Path c = config("");
    EffectiveConfig ec = inspect(c, null, "--config=" + c);
    assertThat(value(ec, "tlsMinVersion")).isEqualTo("VersionTLS12");
  }
}
