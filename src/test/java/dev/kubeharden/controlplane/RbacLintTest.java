package dev.kubeharden.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One RBAC file per lint rule under src/test/resources/controlplane/rbac/, linted the way validate
 * and the bundle check lint them (all documents of a file together). Each violation names the
 * object and the rule.
 */
class RbacLintTest {
  private static final String CLIENT = Rbac.DEFAULT_KUBELET_CLIENT;
  private static final String WILDCARD =
      " grants everything, present and future; list what is needed";
  private static final String KUBELET_IDENTITY =
      "; kubelets are authorized by the Node authorizer and"
          + " NodeRestriction, and any binding gives them more than Node allows";

  static Path fixture(String name) {
    return Fixtures.file("rbac/" + name);
  }

  static List<String> headlines(Path p) {
    return Fixtures.headlines(ClusterDocuments.validate(Fixtures.docs(p), CLIENT));
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of(
            "wildcard-verbs.yaml",
            List.of("8:18: error: ClusterRole wide-verbs rule 0: wildcard in verbs" + WILDCARD)),
        Arguments.of(
            "wildcard-resources.yaml",
            List.of(
                "7:15: error: ClusterRole wide-resources rule 0: wildcard in resources"
                    + WILDCARD)),
        Arguments.of(
            "wildcard-api-groups.yaml",
            List.of(
                "6:15: error: ClusterRole wide-groups rule 0: wildcard in apiGroups" + WILDCARD)),
        Arguments.of(
            "nodes-proxy-service-account.yaml",
            List.of(
                "19:3: error: ClusterRoleBinding node-shell: gives nodes/proxy (command execution on every node)"
                    + " through ClusterRole/node-shell to ServiceAccount debugger; only the API server's kubelet client"
                    + " (kube-apiserver-kubelet-client) may have it")),
        Arguments.of(
            "anonymous-user.yaml",
            List.of(
                "10:3: error: ClusterRoleBinding anonymous-metrics: binds"
                    + " ClusterRole/kubeharden:kubelet-metrics-reader to system:anonymous, every unauthenticated caller")),
        Arguments.of(
            "unauthenticated-group.yaml",
            List.of(
                "10:3: error: ClusterRoleBinding unauthenticated-metrics: binds"
                    + " ClusterRole/kubeharden:kubelet-metrics-reader to group system:unauthenticated, which includes"
                    + " every unauthenticated caller")),
        Arguments.of(
            "authenticated-group.yaml",
            List.of(
                "10:3: error: ClusterRoleBinding authenticated-logs: binds ClusterRole/kubeharden:kubelet-log-reader"
                    + " to group system:authenticated, which includes every authenticated caller")),
        Arguments.of(
            "kubelet-restricted-system-nodes.yaml",
            List.of(
                "20:3: error: ClusterRoleBinding kubelet-restricted: binds ClusterRole/kubelet-restricted to the"
                    + " kubelet identity system:nodes"
                    + KUBELET_IDENTITY)),
        Arguments.of(
            "system-node-user.yaml",
            List.of(
                "10:3: error: ClusterRoleBinding one-node-metrics: binds"
                    + " ClusterRole/kubeharden:kubelet-metrics-reader to the kubelet identity system:node:worker-1"
                    + KUBELET_IDENTITY)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void reportsTheExactViolation(String scenario, List<String> expected) {
    Path p = fixture(scenario);
    assertThat(headlines(p))
        .containsExactlyElementsOf(expected.stream().map(e -> p + ":" + e).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void generatedRbacIsClean(String golden) {
    Path p = Fixtures.golden(golden, "cluster/rbac.yaml");
    assertThat(ClusterDocuments.validate(Fixtures.docs(p), CLIENT)).as("%s", p).isEmpty();
  }

  static Stream<String> goldens() {
    return Fixtures.goldens().stream();
  }

  @Test
  void theApiServersKubeletClientMayHaveNodesProxy() {
    // The generated binding passes only because its subject is the configured kubelet client
    // identity.
    assertThat(
            Fixtures.headlines(
                ClusterDocuments.validate(
                    Fixtures.docs(Fixtures.golden("baseline", "cluster/rbac.yaml")),
                    "someone-else")))
        .containsExactly(
            Fixtures.golden("baseline", "cluster/rbac.yaml")
                + ":64:3: error: ClusterRoleBinding"
                + " kubeharden:apiserver-kubelet-api-admin: gives nodes/proxy (command execution on every node) through"
                + " ClusterRole/system:kubelet-api-admin to User kube-apiserver-kubelet-client; only the API server's"
                + " kubelet client (someone-else) may have it");
  }

  /**
   * Main-code gap: RbacLint exempts bindings of cluster-admin from the nodes/proxy rule
   * (RbacLint.java:115), so cluster-admin bound to a ServiceAccount, which gives it nodes/proxy,
   * passes the lint.
   */
  @Test
  void clusterAdminForAServiceAccountGivesNodesProxy() {
    Path p = fixture("cluster-admin-service-account.yaml");
    assertThat(headlines(p))
        .singleElement()
        .asString()
        .startsWith(p + ":10:3: error: ClusterRoleBinding sa-cluster-admin: gives nodes/proxy");
  }
}
