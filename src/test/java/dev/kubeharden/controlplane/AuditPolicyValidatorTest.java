package dev.kubeharden.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.Node;
import dev.kubeharden.render.YamlEmitter;
import dev.kubeharden.yaml.YamlLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One tiny audit Policy per rule under src/test/resources/controlplane/audit/, each pinned to its
 * exact headlines ({@code file:line:col: error: message}); and the generated lean and thorough
 * policies, which must validate and keep their first-match ordering.
 */
class AuditPolicyValidatorTest {
  private static final String KUBELET_MUST_BE_LOGGED =
      " (kubelet-related traffic must be logged at least at Metadata)";
  private static final String SECRETS_ONLY_AT_METADATA =
      " (Secrets, ConfigMaps and TokenReviews only at Metadata, before any broader rule: their bodies hold"
          + " credentials)";

  static Path fixture(String name) {
    return Fixtures.file("audit/" + name);
  }

  static List<String> headlines(Path p) {
    return Fixtures.headlines(AuditPolicyValidator.validate(Fixtures.doc(p)));
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of(
            "zero-rules.yaml", List.of("4:8: error: an audit Policy needs at least one rule")),
        Arguments.of(
            "catch-all-request-response.yaml",
            List.of(
                "5:3: error: catch-all RequestResponse rule: it logs the contents of Secrets and every response;"
                    + " restrict it to named resources",
                "5:3: error: secrets, configmaps, authentication.k8s.io/tokenreviews would be logged at"
                    + " RequestResponse"
                    + SECRETS_ONLY_AT_METADATA)),
        Arguments.of(
            "secrets-request-before-metadata.yaml",
            List.of(
                "5:3: error: secrets, configmaps would be logged at Request"
                    + SECRETS_ONLY_AT_METADATA)),
        Arguments.of(
            "none-drops-pods-exec.yaml",
            List.of(
                "5:3: error: create pods/exec by an ordinary user, a kubelet, an anonymous caller is dropped by this"
                    + " level None rule"
                    + KUBELET_MUST_BE_LOGGED,
                "5:3: error: get pods/exec by an ordinary user, a kubelet, an anonymous caller is dropped by this"
                    + " level None rule"
                    + KUBELET_MUST_BE_LOGGED)),
        Arguments.of(
            "none-drops-node-status-writes.yaml",
            List.of(
                "5:3: error: update nodes/status by a kubelet is dropped by this level None rule"
                    + KUBELET_MUST_BE_LOGGED,
                "5:3: error: patch nodes/status by a kubelet is dropped by this level None rule"
                    + KUBELET_MUST_BE_LOGGED)),
        Arguments.of(
            "non-resource-urls-with-resources.yaml",
            List.of(
                "6:20: error: nonResourceURLs cannot be combined with resources or namespaces in one rule")),
        Arguments.of(
            "unknown-level.yaml",
            List.of(
                "5:10: error: audit rule level must be one of None, Metadata, Request, RequestResponse")),
        Arguments.of(
            "unknown-stage.yaml",
            List.of(
                "6:33: error: unknown audit stage; use RequestReceived, ResponseStarted, ResponseComplete, Panic")),
        Arguments.of(
            "unknown-rule-field.yaml",
            List.of("6:3: error: unknown audit rule field \"verb\"; did you mean \"verbs\"?")),
        Arguments.of(
            "wrong-api-version.yaml", List.of("1:13: error: apiVersion must be audit.k8s.io/v1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void reportsTheExactErrors(String scenario, List<String> expected) {
    Path p = fixture(scenario);
    assertThat(headlines(p))
        .containsExactlyElementsOf(expected.stream().map(e -> p + ":" + e).toList());
  }

  @Test
  void aPolicyThatIsOnlyLevelNoneLogsNothing() {
    Path p = fixture("only-none.yaml");
    List<String> h = headlines(p);
    assertThat(h.get(0))
        .isEqualTo(
            p
                + ":5:1: error: every rule is level None: the policy logs nothing (it passes CIS 3.2.1 and"
                + " audits nothing)");
    // Then one error per kubelet-related request, all pointing at the None rule.
    assertThat(h.subList(1, h.size()))
        .hasSize(AuditRequest.KUBELET_RELATED.size())
        .allMatch(
            l ->
                l.startsWith(p + ":5:3: error: ")
                    && l.endsWith(
                        " by an ordinary user, a kubelet, an anonymous caller is dropped by this level None rule"
                            + KUBELET_MUST_BE_LOGGED))
        .contains(
            p
                + ":5:3: error: get nodes/proxy by an ordinary user, a kubelet, an anonymous caller is dropped"
                + " by this level None rule"
                + KUBELET_MUST_BE_LOGGED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {AuditPolicies.LEAN, AuditPolicies.THOROUGH})
  void generatedPolicyValidatesWhenEmittedAndParsedBack(String tier) {
    String yaml = YamlEmitter.emit(AuditPolicies.policy(tier, List.of()));
    Node root = YamlLoader.load("generated-" + tier + ".yaml", yaml);
    assertThat(AuditPolicyValidator.validate(root)).isEmpty();
    assertThat(yaml)
        .doesNotContain("RequestResponse\"\n")
        .contains("omitStages:\n- \"RequestReceived\"\n");
  }

  @Test
  void everyGoldenAuditPolicyValidates() {
    List<String> seen = new ArrayList<>();
    for (String g : Fixtures.goldens()) {
      Path p = Fixtures.golden(g, "control-plane/etc/kubernetes/audit-policy.yaml");
      assertThat(AuditPolicyValidator.validate(Fixtures.doc(p))).as("%s", p).isEmpty();
      seen.add(g);
    }
    assertThat(seen).contains("baseline", "nsa-cisa", "layered-1.29");
  }

  @Test
  void goldensCoverBothTiers() {
    assertThat(Fixtures.golden("baseline", "control-plane/etc/kubernetes/audit-policy.yaml"))
        .content()
        .contains("tier lean.");
    assertThat(Fixtures.golden("nsa-cisa", "control-plane/etc/kubernetes/audit-policy.yaml"))
        .content()
        .contains("tier thorough.");
  }

  @SuppressWarnings("unchecked")
  static List<AuditRule> generatedRules(String tier, List<Map<String, Object>> extra) {
    Map<String, Object> policy = AuditPolicies.policy(tier, extra);
    return AuditPolicyValidator.rules((List<Map<String, Object>>) policy.get("rules"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {AuditPolicies.LEAN, AuditPolicies.THOROUGH})
  void kubeletRelatedTrafficMatchesAtLeastMetadataFirst(String tier) {
    List<AuditRule> rules = generatedRules(tier, List.of());
    for (AuditRequest req : AuditRequest.KUBELET_RELATED) {
      for (AuditRequest.Identity who : AuditRequest.Identity.values()) {
        AuditRule first = AuditPolicyValidator.firstMatch(rules, req.as(who));
        assertThat(first).as("%s by %s", req.describe(), who.description()).isNotNull();
        assertThat(first.level())
            .as("%s by %s", req.describe(), who.description())
            .isIn("Metadata", "Request", "RequestResponse");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {AuditPolicies.LEAN, AuditPolicies.THOROUGH})
  void secretsConfigMapsAndTokenReviewsMatchTheMetadataRuleFirst(String tier) {
    // A profile rule that would log Secrets in full must not win: profile rules come after the
    // Metadata rule.
    Map<String, Object> greedy =
        Map.of(
            "level",
            "RequestResponse",
            "resources",
            List.of(Map.of("group", "", "resources", List.of("secrets", "configmaps"))));
    List<AuditRule> rules = generatedRules(tier, List.of(greedy));
    AuditRule metadataRule =
        rules.stream()
            .filter(r -> r.resources().stream().anyMatch(g -> g.resources().contains("secrets")))
            .findFirst()
            .orElseThrow();
    assertThat(metadataRule.level()).isEqualTo("Metadata");
    assertThat(metadataRule.resources())
        .extracting(AuditRule.GroupResources::group)
        .containsExactly("", "authentication.k8s.io");
    int index = rules.indexOf(metadataRule);
    List<AuditRequest> sensitive = new ArrayList<>(AuditRequest.SENSITIVE);
    sensitive.add(AuditRequest.resource("list", "", "secrets", null));
    sensitive.add(AuditRequest.resource("watch", "", "configmaps", null));
    for (AuditRequest req : sensitive) {
      for (AuditRequest.Identity who : AuditRequest.Identity.values()) {
        AuditRule first = AuditPolicyValidator.firstMatch(rules, req.as(who));
        assertThat(rules.indexOf(first))
            .as("%s by %s", req.describe(), who.description())
            .isEqualTo(index);
      }
    }
    // No rule before it is broader than a None noise rule.
    assertThat(rules.subList(0, index)).allMatch(r -> r.level().equals("None"));
  }

  @Test
  void thoroughLogsExecRequestBodiesAndLeanOnlyMetadata() {
    AuditRequest exec = AuditRequest.resource("create", "", "pods", "exec");
    assertThat(
            AuditPolicyValidator.firstMatch(generatedRules(AuditPolicies.LEAN, List.of()), exec)
                .level())
        .isEqualTo("Metadata");
    assertThat(
            AuditPolicyValidator.firstMatch(generatedRules(AuditPolicies.THOROUGH, List.of()), exec)
                .level())
        .isEqualTo("Request");
  }

  @Test
  void healthProbesAreDroppedAsNoise() {
    AuditRequest healthz =
        new AuditRequest(
            "system:anonymous",
            List.of("system:unauthenticated"),
            "get",
            null,
            null,
            null,
            null,
            "/healthz/ready");
    assertThat(
            AuditPolicyValidator.firstMatch(generatedRules(AuditPolicies.LEAN, List.of()), healthz)
                .level())
        .isEqualTo("None");
  }

  /**
   * Main-code bug: AuditRequest.resource() gives every request namespace "default", including
   * cluster-scoped ones (nodes/proxy, nodes/status, CSRs), whose namespace the API server matches
   * as "". A None rule with {@code namespaces: [""]} drops all of them and passes.
   */
  @Test
  void noneRuleForClusterScopedRequestsIsCaught() {
    Path p = fixture("cluster-scoped-none.yaml");
    assertThat(headlines(p))
        .isNotEmpty()
        .allMatch(h -> h.startsWith(p + ":6:3: error: "))
        .anyMatch(h -> h.contains("get nodes/proxy by "));
  }

  /**
   * Main-code bug: AuditRule.matches ignores resourceNames, so a Metadata rule for one Secret by
   * name is taken as covering every Secret, and the Request rule after it (which logs every other
   * Secret's body) passes.
   */
  @Test
  void metadataRuleForOneSecretByNameDoesNotCoverTheOthers() {
    Path p = fixture("secrets-by-name.yaml");
    assertThat(headlines(p))
        .containsExactly(
            p + ":15:3: error: secrets would be logged at Request" + SECRETS_ONLY_AT_METADATA);
  }
}
