package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.GoldenTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster section of diff: the profile's control-plane and cluster controls against a real
 * kubeadm API server manifest (kubeadm's own flags: cmd/kubeadm/app/phases/controlplane/
 * manifests.go getAPIServerCommand), the namespaces of a kubeadm cluster as kubectl lists them, and
 * a log-everything audit policy; and against the bundle's own control-plane and cluster files,
 * which must give no finding.
 */
class ClusterSectionTest {
  private static final Path DIR = Path.of("src/test/resources/diff-cluster/kubeadm");

  @TempDir Path tmp;

  private static CliRun diff(String... args) {
    List<String> all =
        new ArrayList<>(List.of("diff", "--profile", "cis", "--k8s-version", "1.34"));
    all.addAll(List.of(args));
    return CliRun.run(all);
  }

  private static CliRun kubeadm(String format, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--apiserver-args-file",
                DIR.resolve("kube-apiserver.yaml").toString(),
                "--namespaces",
                DIR.resolve("namespaces.yaml").toString(),
                "--audit-policy",
                DIR.resolve("audit-policy.yaml").toString(),
                "--format",
                format));
    args.addAll(List.of(more));
    return diff(args.toArray(String[]::new));
  }

  @Test
  void aKubeadmControlPlaneGivesFindingsWithControlIdsSeverityAndFix() throws IOException {
    CliRun r = kubeadm("json");
    assertThat(r.code()).as(r.err()).isEqualTo(4);
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("drift").asBoolean()).isTrue();
    assertThat(root.get("summary").get("nodes").asInt()).isZero();
    assertThat(root.get("summary").get("clusterFindings").asInt()).isEqualTo(11);
    Map<String, String> byField = new TreeMap<>();
    for (JsonNode f : root.get("findings")) {
      assertThat(f.get("node").asText()).isEqualTo("cluster");
      byField.merge(
          f.get("field").asText(),
          f.get("severity").asText() + " " + f.get("controls").toString(),
          (a, b) -> a + "; " + b);
    }
    assertThat(byField)
        .containsOnlyKeys(
            "kube-apiserver --audit-policy-file",
            "kube-apiserver --audit-log-path",
            "kube-apiserver --audit-log-maxage",
            "kube-apiserver --audit-log-maxbackup",
            "kube-apiserver --audit-log-maxsize",
            "audit policy line 19",
            "namespace default pod-security.kubernetes.io/enforce",
            "namespace kube-node-lease pod-security.kubernetes.io/enforce",
            "namespace kube-public pod-security.kubernetes.io/enforce",
            "namespace monitoring pod-security.kubernetes.io/enforce");
    assertThat(byField.get("kube-apiserver --audit-policy-file"))
        .isEqualTo("medium [\"SEED:7\",\"CIS-1.12:3.2.1\"]");
    assertThat(byField.get("kube-apiserver --audit-log-maxage"))
        .isEqualTo("medium [\"CIS-1.12:1.2.17\"]");
    assertThat(byField.get("namespace monitoring pod-security.kubernetes.io/enforce"))
        .isEqualTo("high [\"SEED:5\",\"CIS-1.12:5.2.1\"]");

    JsonNode maxage = find(root, "kube-apiserver --audit-log-maxage");
    assertThat(maxage.get("current").asText()).as("kube-apiserver's default").isEqualTo("0");
    assertThat(maxage.get("source").asText()).isEqualTo("default");
    assertThat(maxage.get("hardened").asText()).isEqualTo("30");
    assertThat(maxage.get("fixedBy").toString())
        .isEqualTo(
            "[\"control-plane/kube-apiserver.flags\","
                + "\"control-plane/kubeadm-clusterconfiguration.yaml\"]");
    // A labelled namespace points at its label's value; an unlabelled one runs privileged, because
    // the manifest passes no --admission-control-config-file.
    JsonNode monitoring = find(root, "namespace monitoring pod-security.kubernetes.io/enforce");
    assertThat(monitoring.get("current").asText()).isEqualTo("privileged");
    assertThat(monitoring.get("location").get("line").asInt()).isEqualTo(81);
    assertThat(monitoring.get("location").get("column").asInt()).isEqualTo(43);
    JsonNode dflt = find(root, "namespace default pod-security.kubernetes.io/enforce");
    assertThat(dflt.get("source").asText()).isEqualTo("default");
    assertThat(dflt.get("hardened").asText()).isEqualTo("baseline");

    JsonNode section = root.get("nodes").get(0);
    assertThat(section.get("name").asText()).isEqualTo("cluster");
    assertThat(section.get("kind").asText()).isEqualTo("cluster");
    List<String> passing = new ArrayList<>();
    root.get("passing").forEach(p -> passing.add(p.get("id").asText()));
    assertThat(passing)
        .containsExactly(
            "CIS-1.12:1.2.4",
            "CIS-1.12:1.2.6",
            "CIS-1.12:1.2.7",
            "CIS-1.12:1.2.8",
            "CIS-1.12:1.2.14");
  }

  private static JsonNode find(JsonNode root, String field) {
    for (JsonNode f : root.get("findings")) {
      if (f.get("field").asText().equals(field)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + field);
  }

  @Test
  void everyFormatCarriesTheClusterSection() throws IOException {
    for (String format : List.of("text", "json", "markdown", "junit", "sarif")) {
      CliRun r = kubeadm(format);
      assertThat(r.code()).as(format + ": " + r.err()).isEqualTo(4);
      String ext =
          Map.of("text", "txt", "markdown", "md", "junit", "xml").getOrDefault(format, format);
      GoldenTree.assertMatchesFile(DIR.resolve("expected." + ext), normalise(r.out()));
      if (format.equals("sarif")) {
        Schema schema =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(
                    Files.readString(
                        Path.of("src/test/resources/sarif/sarif-schema-2.1.0-rtm.5.json")),
                    InputFormat.JSON);
        assertThat(schema.validate(r.out(), InputFormat.JSON)).isEmpty();
      }
    }
  }

  /** The SARIF driver's version is the build's. */
  private static String normalise(String out) {
    return out.replaceAll(
        "(\"version\": \")"
            + java.util.regex.Pattern.quote(dev.kubeharden.model.BuildInfo.version())
            + "\"",
        "$1VERSION\"");
  }

  @Test
  void aControlAnExceptionSwitchedOffIsSuppressedNotCounted() throws IOException {
    // cis disables CIS-1.12:1.2.5 (--kubelet-certificate-authority) by exception; kubeadm does not
    // pass it.
    JsonNode run = new ObjectMapper().readTree(kubeadm("sarif").out()).get("runs").get(0);
    List<String> suppressed = new ArrayList<>();
    for (JsonNode res : run.get("results")) {
      if (res.has("suppressions")) {
        suppressed.add(res.get("ruleId").asText());
      }
    }
    assertThat(suppressed).containsExactly("CIS-1.12:1.2.5");
    JsonNode json = new ObjectMapper().readTree(kubeadm("json").out());
    for (JsonNode f : json.get("findings")) {
      assertThat(f.get("field").asText()).doesNotContain("kubelet-certificate-authority");
    }
    assertThat(json.get("accepted").get(0).get("field").asText())
        .isEqualTo("kube-apiserver --kubelet-certificate-authority");
    assertThat(json.get("summary").get("accepted").asInt()).isEqualTo(1);
    assertThat(json.get("summary").get("findings").asInt()).isEqualTo(11);
  }

  @Test
  void theBundlesOwnControlPlaneAndClusterFilesHaveNoDrift() {
    CliRun r =
        CliRun.run(
            List.of(
                "diff",
                "--profile",
                "cis",
                "--apiserver-args-file",
                "out/control-plane/kube-apiserver.flags",
                "--audit-policy",
                "out/control-plane/etc/kubernetes/audit-policy.yaml",
                "--namespaces",
                "out/cluster/namespaces.yaml",
                "--format",
                "text"));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("cluster: no drift; 14 controls pass, 0 fail, 3 not checked");
  }

  @Test
  void failOnCountsClusterFindings() {
    String args =
        "kube-apiserver --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction"
            + " --kubelet-client-certificate=/c.crt --kubelet-client-key=/c.key"
            + " --audit-policy-file=/p.yaml --audit-log-path=/a.log --audit-log-maxage=7"
            + " --audit-log-maxbackup=10 --audit-log-maxsize=100";
    CliRun medium = diff("--apiserver-args", args);
    assertThat(medium.code()).isEqualTo(4);
    assertThat(medium.out())
        .contains("cluster: 1 finding (1 medium)")
        .contains("kube-apiserver --audit-log-maxage  7        flag --apiserver-args:1:");
    assertThat(diff("--apiserver-args", args, "--fail-on", "high").code()).isZero();
    CliRun alwaysAllow =
        diff("--apiserver-args", args.replace("Node,RBAC", "AlwaysAllow"), "--fail-on", "high");
    assertThat(alwaysAllow.code()).isEqualTo(4);
    assertThat(alwaysAllow.out())
        .contains("high      kube-apiserver --authorization-mode")
        .contains("CIS-1.12:1.2.6, CIS-1.12:1.2.7, CIS-1.12:1.2.8");
  }

  @Test
  void structuredAuthorizationConfigIsNotJudgedFromTheFlags() throws IOException {
    CliRun r =
        diff(
            "--apiserver-args",
            "--authorization-config=/etc/kubernetes/authz.yaml --audit-log-maxage=30",
            "--format",
            "json");
    JsonNode root = new ObjectMapper().readTree(r.out());
    for (JsonNode f : root.get("findings")) {
      assertThat(f.get("field").asText()).doesNotContain("authorization-mode");
    }
    List<String> reasons = new ArrayList<>();
    for (JsonNode c : root.get("notChecked")) {
      if (c.get("id").asText().equals("CIS-1.12:1.2.6")) {
        reasons.add(c.get("reason").asText());
      }
    }
    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0)).startsWith("--authorization-config passes the setting in a file");
  }

  @Test
  void badClusterInputsAreInputOrUsageErrors() throws IOException {
    Path notNs = tmp.resolve("ns.yaml");
    Files.writeString(notNs, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    CliRun wrongKind = diff("--namespaces", notNs.toString());
    assertThat(wrongKind.code()).isEqualTo(3);
    assertThat(wrongKind.err()).startsWith(notNs + ":1:1: error: expected a Namespace");
    assertThat(wrongKind.out()).isEmpty();
    CliRun missing = diff("--audit-policy", tmp.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).contains("does not exist");
    assertThat(diff("--apiserver-args", " ").code()).isEqualTo(2);
    assertThat(diff("--apiserver-args", "--a=b", "--apiserver-args-file", notNs.toString()).code())
        .isEqualTo(2);
    Path pod = tmp.resolve("pod.yaml");
    Files.writeString(
        pod,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: x}
        spec:
          containers:
          - name: etcd
          - name: other
        """);
    CliRun noContainer = diff("--apiserver-args-file", pod.toString());
    assertThat(noContainer.code()).isEqualTo(3);
    assertThat(noContainer.err()).contains("no container named kube-apiserver");
  }
}
