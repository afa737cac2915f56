package dev.kubeharden.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A profile's cluster: section and control artifacts, one small broken profile per scenario under
 * src/test/resources/errors/ (cluster-*.yaml, control-unknown-artifact.yaml), resolved as the CLI
 * resolves a --profile file. Each pins the exact headline; every scenario has exactly one error.
 */
class ClusterSectionErrorsTest {

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of(
            "cluster-audit-unknown-key.yaml",
            "9:5: error: unknown key \"maxAges\" in cluster.audit; did you mean \"maxAge\"?"),
        Arguments.of(
            "cluster-audit-bad-tier.yaml",
            "8:11: error: cluster.audit.tier \"verbose\" is not one of lean, thorough"),
        Arguments.of(
            "cluster-audit-max-age.yaml",
            "8:13: error: cluster.audit.maxAge must be at least 30 (CIS 1.2.x; got 7)"),
        Arguments.of(
            "cluster-audit-rule-field.yaml",
            "10:9: error: unknown audit rule field \"verb\"; did you mean \"verbs\"?"),
        Arguments.of(
            "cluster-rbac-service-account-namespace.yaml",
            "9:9: error: cluster.rbac.metricsReaders[]: a ServiceAccount needs a namespace"),
        // 10:16 is the list, not the bad item at 10:29 (unlike tlsCipherSuites, see
        // ProfileErrorsTest).
        Arguments.of(
            "control-unknown-artifact.yaml",
            "10:30: error: control SEED:20: unknown artifact \"auditPolcy\"; use one of auditPolicy, apiServerFlags,"
                + " admissionConfiguration, namespaces, rbac; did you mean \"auditPolicy\"?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void reportsTheExactError(String scenario, String expected) {
    Path p = ProfileErrorsTest.file(scenario);
    assertThat(ProfileErrorsTest.headlines(p)).containsExactly(p + ":" + expected);
  }
}
