package dev.kubeharden.safety;

import static dev.kubeharden.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The defects the do-no-harm issue lists, each through the command line. */
class SafetyDefectsTest {
  @TempDir Path tmp;

  private Path profile(String name, String body) throws IOException {
    Path p = tmp.resolve(name + ".yaml");
    Files.writeString(
        p,
        "apiVersion: kubeharden.dev/v1alpha1\nkind: HardeningProfile\nmetadata:\n  name: "
            + name
            + "\n"
            + body);
    return p;
  }

  @Test
  void theDefaultBundleNamesNoServingPairAndReplacesNoKubeadmFile() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "--out", out.toString());
    assertThat(r.code()).isZero();
    assertThat(out.resolve("node/var/lib/kubelet/config.yaml")).doesNotExist();
    for (String f :
        new String[] {
          "node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf",
          "kubeadm/kubelet-configuration.yaml",
          "kubeadm/patches/kubeletconfiguration+strategic.yaml",
          "standalone/var/lib/kubelet/config.yaml"
        }) {
      assertThat(Files.readString(out.resolve(f)))
          .as(f)
          .doesNotContain("tlsCertFile")
          .doesNotContain("kubelet.crt");
    }
    java.util.Map<String, Object> carrier =
        new org.yaml.snakeyaml.Yaml()
            .load(Files.readString(out.resolve("kubeadm/kubelet-configuration.yaml")));
    assertThat(carrier)
        .containsKey("readOnlyPort")
        .doesNotContainKeys("clusterDNS", "resolvConf", "clusterDomain", "staticPodPath");
  }

  @Test
  void aSetOfAVariableDrivenFieldMovesEveryUseOfTheVariable() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r =
        run(
            "generate",
            "-p",
            "cis",
            "--out",
            out.toString(),
            "--set",
            "authentication.x509.clientCAFile=/etc/pki/kube-ca.pem");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("node/etc/tmpfiles.d/kubeharden.conf")))
        .contains("z /etc/pki/kube-ca.pem - root root -")
        .doesNotContain("/etc/kubernetes/pki/ca.crt");
    assertThat(Files.readString(out.resolve("REPORT.md")))
        .contains("/etc/pki/kube-ca.pem")
        .doesNotContain("/etc/kubernetes/pki/ca.crt");
  }

  @Test
  void aFilePathVariableThatIsNotAbsoluteIsAnErrorNotASilentlyMissingRule() throws IOException {
    Path p =
        profile(
            "relative",
            """
            extends: [baseline]
            variables:
              auditedFile:
                type: string
                default: etc/kubelet.conf
            controls:
              - id: X:1
                title: t
                files:
                  - {path: "${auditedFile}", mode: "0600"}
            """);
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "-p", p.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("must name a variable holding an absolute path");
    assertThat(out).doesNotExist();
  }

  @Test
  void reportsHoldNoPlaceholdersAndNoHtmlEscapes() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(run("generate", "-p", "stig", "--out", out.toString()).code()).isZero();
    for (String f : new String[] {"REPORT.md", "report.json"}) {
      assertThat(Files.readString(out.resolve(f)))
          .as(f)
          .doesNotContain("${")
          .doesNotContain("&lt;");
    }
    // DISA CAT I is high; only the seed's own practices use critical.
    assertThat(Files.readString(out.resolve("REPORT.md")))
        .containsPattern("\\| STIG:V-242387 \\| [^|]+ \\| high \\|");
  }

  @Test
  void localhostOnlyAloneWritesACompleteHardenedConfiguration() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(run("generate", "-p", "localhost-only", "--out", out.toString()).code()).isZero();
    assertThat(Files.readString(out.resolve("standalone/var/lib/kubelet/config.yaml")))
        .contains("address: \"127.0.0.1\"", "readOnlyPort: 0", "mode: \"Webhook\"", "clusterDNS:");
  }

  @Test
  void anExemptNamespaceCannotClaimAuditOrWarn() throws IOException {
    Path p =
        profile(
            "exempt",
            """
            extends: [baseline]
            cluster:
              podSecurity:
                namespaces:
                  - name: kube-system
                    enforce: privileged
                    audit: baseline
                    warn: privileged
            """);
    CliRun r = run("generate", "-p", p.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .contains(p + ":")
        .contains("namespace kube-system is exempt from Pod Security")
        .contains("audit: baseline");
  }

  @Test
  void stigForbidsTheFeatureGatesFlag() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(run("generate", "-p", "stig", "--out", out.toString()).code()).isZero();
    assertThat(
            Files.readString(
                out.resolve("node/etc/systemd/system/kubelet.service.d/20-kubeharden.conf")))
        .contains("# Must not be passed: ")
        .contains("--feature-gates (STIG:V-242398)");
  }
}
