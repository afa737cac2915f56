package dev.kubeharden.cli;

import static dev.kubeharden.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeharden validate} on the control-plane and cluster kinds, in-process: audit Policy,
 * AdmissionConfiguration, a {@code kubectl get ns -o yaml} List of Namespaces and multi-document
 * RBAC files. Good files exit 0 with "ok (kinds)"; bad ones exit 3 with file:line:col problems in
 * line order.
 */
class ValidateClusterKindsTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/baseline/expected");
  private static final String SECRETS_ONLY_AT_METADATA =
      " (Secrets, ConfigMaps and TokenReviews only at Metadata, before any broader rule: their bodies hold"
          + " credentials)";

  @TempDir Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(ValidateClusterKindsTest.class.getResource("/controlplane/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("test resource controlplane/" + name, e);
    }
  }

  @Test
  void goodFilesOfEveryClusterKind() {
    Path policy = GOLDEN.resolve("control-plane/etc/kubernetes/audit-policy.yaml");
    Path admission = GOLDEN.resolve("control-plane/etc/kubernetes/admission-configuration.yaml");
    Path namespaces = GOLDEN.resolve("cluster/namespaces.yaml");
    Path rbac = GOLDEN.resolve("cluster/rbac.yaml");
    Path list = fixture("validate/namespaces-list.yaml");
    CliRun r =
        run(
            "validate",
            policy.toString(),
            admission.toString(),
            namespaces.toString(),
            rbac.toString(),
            list.toString());
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            policy
                + ": ok (Policy)\n"
                + admission
                + ": ok (AdmissionConfiguration)\n"
                + namespaces
                + ": ok (Namespace)\n"
                + rbac
                + ": ok (ClusterRole, ClusterRoleBinding)\n"
                + list
                + ": ok (Namespace)\n");
  }

  @Test
  void badAuditPolicy() {
    Path bad = fixture("audit/secrets-request-before-metadata.yaml");
    CliRun r = run("validate", bad.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errorLines())
        .containsExactly(
            bad
                + ":5:3: error: secrets, configmaps would be logged at Request"
                + SECRETS_ONLY_AT_METADATA);
    // The source line and a caret follow the headline.
    assertThat(r.errLines())
        .containsSequence(
            bad
                + ":5:3: error: secrets, configmaps would be logged at Request"
                + SECRETS_ONLY_AT_METADATA,
            "  - level: Request",
            "    ^");
    assertThat(r.errLines()).last().isEqualTo("1 error");
  }

  @Test
  void badAdmissionConfiguration() {
    Path bad = fixture("psa/version-without-v.yaml");
    CliRun r = run("validate", bad.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errorLines())
        .containsExactly(
            bad + ":10:24: error: Pod Security version \"1.30\" must be latest or v1.N");
    assertThat(r.errLines()).last().isEqualTo("1 error");
  }

  @Test
  void badNamespacesInAKubectlList() {
    Path bad = fixture("validate/namespaces-list-bad.yaml");
    CliRun r = run("validate", bad.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errorLines())
        .containsExactly(
            bad
                + ":8:43: error: pod-security.kubernetes.io/enforce \"restricted-v2\" is not one of privileged,"
                + " baseline, restricted; did you mean \"restricted\"?",
            bad + ":17:49: error: Pod Security version \"1.30\" must be latest or v1.N",
            bad + ":18:7: error: unknown Pod Security label pod-security.kubernetes.io/audti");
    assertThat(r.errLines()).last().isEqualTo("3 errors");
  }

  @Test
  void badMultiDocumentRbacIsReportedInLineOrder() {
    // The lint checks roles before bindings; validate sorts by line, so the binding on line 11
    // comes first.
    Path bad = fixture("validate/rbac-bad.yaml");
    CliRun r = run("validate", bad.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errorLines())
        .containsExactly(
            bad
                + ":11:3: error: ClusterRoleBinding everyone-reads-nodes: binds ClusterRole/node-reader to group"
                + " system:authenticated, which includes every authenticated caller",
            bad
                + ":22:11: error: ClusterRole node-reader rule 0: wildcard in verbs grants everything, present and"
                + " future; list what is needed",
            bad
                + ":34:3: error: RoleBinding anonymous-view: binds ClusterRole/view to system:anonymous, every unauthenticated caller");
    assertThat(r.errLines()).last().isEqualTo("3 errors");
  }

  @Test
  void goodAndBadFilesTogether() {
    Path good = GOLDEN.resolve("cluster/rbac.yaml");
    Path bad = fixture("rbac/kubelet-restricted-system-nodes.yaml");
    CliRun r = run("validate", good.toString(), bad.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEqualTo(good + ": ok (ClusterRole, ClusterRoleBinding)\n");
    assertThat(r.errorLines())
        .singleElement()
        .asString()
        .startsWith(
            bad
                + ":20:3: error: ClusterRoleBinding kubelet-restricted: binds ClusterRole/kubelet-restricted"
                + " to the kubelet identity system:nodes");
  }

  @Test
  void aClusterKindMixedWithAnUnsupportedOneIsRejected() throws IOException {
    Path mixed = tmp.resolve("mixed.yaml");
    Files.writeString(
        mixed,
        """
                             apiVersion: v1
                             kind: Namespace
                             metadata:
                               name: apps
                             ---
                             apiVersion: v1
                             kind: ConfigMap
                             metadata:
                               name: x
                             """);
    CliRun r = run("validate", mixed.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.errorLines())
        .singleElement()
        .asString()
        .startsWith(mixed + ":6:1: error: unsupported document kind ConfigMap (validate takes");
  }

  /**
   * Main-code bug: for a single document of another kind the message still lists only the two
   * original kinds.
   */
  @Test
  void unsupportedSingleDocumentNamesEveryKindValidateTakes() throws IOException {
    Path cm = tmp.resolve("configmap.yaml");
    Files.writeString(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    CliRun r = run("validate", cm.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.errorLines())
        .singleElement()
        .asString()
        .contains("audit Policy", "AdmissionConfiguration", "RBAC");
  }

  private Path profile(String name, String cluster) throws IOException {
    Path p = tmp.resolve(name + ".yaml");
    Files.writeString(
        p,
        "apiVersion: kubeharden.dev/v1alpha1\nkind: HardeningProfile\nmetadata:\n  name: "
            + name
            + "\nextends: [baseline]\ncluster:\n"
            + cluster);
    return p;
  }

  /**
   * Main-code bug: a profile subject the RBAC lint rejects (here system:authenticated as a metrics
   * reader) is accepted by the profile parser, then fails the generated-file check: exit 1, "a
   * generated file failed validation (check --templates)", pointing at cluster/rbac.yaml instead of
   * the profile line.
   */
  @Test
  void broadGroupAsProfileSubjectIsInvalidInput() throws IOException {
    Path p =
        profile(
            "broad",
            "  rbac:\n    metricsReaders:\n      - kind: Group\n        name: system:authenticated\n");
    CliRun r = run("generate", "--profile", p.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.errorLines()).first().asString().startsWith(p + ":9:");
  }

  /**
   * Same bug for a profile audit rule: a catch-all RequestResponse rule is a profile error, not a
   * template one.
   */
  @Test
  void catchAllRequestResponseProfileRuleIsInvalidInput() throws IOException {
    Path p = profile("greedy", "  audit:\n    rules:\n      - level: RequestResponse\n");
    CliRun r = run("generate", "--profile", p.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.errorLines()).first().asString().startsWith(p + ":9:");
  }
}
