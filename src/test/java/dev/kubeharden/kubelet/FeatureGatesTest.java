package dev.kubeharden.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.kubelet.FeatureGates.GateState;
import dev.kubeharden.model.KubeVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kubelet's feature gates per minor, checked against facts read in upstream sources. */
class FeatureGatesTest {
  private static final FeatureGates GATES = FeatureGates.get();
  private static final String DEPENDS =
      " (component-base featuregate: an enabled gate needs the gates it depends on"
          + " enabled, pkg/features defaultKubernetesFeatureGateDependencies, enforced from Kubernetes 1.35)";

  private static KubeVersion v(int minor) {
    return new KubeVersion(minor);
  }

  private static Map<String, Object> gates(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** Gate names in the facts file, read independently of the class under test. */
  private static Set<String> namesInFile() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    try (InputStream in =
        FeatureGatesTest.class.getResourceAsStream("/kubeharden/facts/feature-gates.tsv")) {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.split("\t", -1)[0]);
        }
      }
    }
    return names;
  }

  @Test
  void coversTheSupportedMinors() {
    assertThat(GATES.minors()).first().isEqualTo(KubeVersion.OLDEST_SUPPORTED);
    assertThat(GATES.minors()).last().isEqualTo(KubeVersion.NEWEST_SUPPORTED);
    assertThat(GATES.minors()).hasSize(9);
  }

  @Test
  void everyMinorKnowsManyGates() throws IOException {
    Set<String> names = namesInFile();
    for (int m = 29; m <= 37; m++) {
      KubeVersion version = v(m);
      long known = names.stream().filter(g -> GATES.state(g, version).isPresent()).count();
      // 162 gates in 1.29 up to 252 in 1.37 (k/k pkg/features, apiserver, client-go,
      // component-base, ...)
      assertThat(known).as("gates known in %s", version).isGreaterThan(150);
    }
    long in129 = names.stream().filter(g -> GATES.state(g, v(29)).isPresent()).count();
    long in137 = names.stream().filter(g -> GATES.state(g, v(37)).isPresent()).count();
    assertThat(in137).isGreaterThan(in129);
  }

  @Test
  void rotateKubeletServerCertificateIsBetaOnByDefaultAndSettableEverywhere() {
    for (KubeVersion version : GATES.minors()) {
      assertThat(GATES.state("RotateKubeletServerCertificate", version))
          .as("in %s", version)
          .contains(new GateState("BETA", true, false));
      assertThat(GATES.problems(gates("RotateKubeletServerCertificate", true), version)).isEmpty();
      assertThat(GATES.problems(gates("RotateKubeletServerCertificate", false), version)).isEmpty();
      assertThat(GATES.enabled(Map.of(), "RotateKubeletServerCertificate", version)).isTrue();
    }
  }

  @Test
  void misspeltGateIsUnrecognizedWithASuggestion() {
    List<String> problems = GATES.problems(gates("RotateKubeletServerCertificat", true), v(34));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("unrecognized feature gate: RotateKubeletServerCertificat")
        .contains("did you mean \"RotateKubeletServerCertificate\"?")
        .endsWith("(component-base featuregate: unrecognized feature gate)");
    assertThat(GATES.state("RotateKubeletServerCertificat", v(34))).isEmpty();
  }

  @Test
  void removedGatesAreUnknownFromTheMinorTheyWereRemovedIn() {
    // SeccompDefault: GA (locked) until 1.28, gone in 1.29.
    assertThat(GATES.state("SeccompDefault", v(29))).isEmpty();
    assertThat(GATES.problems(gates("SeccompDefault", true), v(30)))
        .containsExactly(
            "unrecognized feature gate: SeccompDefault (removed in Kubernetes 1.29; the kubelet 1.30 refuses to"
                + " start with it) (component-base featuregate: unrecognized feature gate)");
    // KubeletPodResources: GA and locked in 1.29, removed in 1.30.
    assertThat(GATES.state("KubeletPodResources", v(29))).contains(new GateState("GA", true, true));
    assertThat(GATES.state("KubeletPodResources", v(30))).isEmpty();
    // ComponentSLIs (component-base metrics): GA and locked from 1.32, removed in 1.35.
    assertThat(GATES.state("ComponentSLIs", v(34))).contains(new GateState("GA", true, true));
    assertThat(GATES.problems(gates("ComponentSLIs", true), v(35)))
        .singleElement()
        .asString()
        .contains("removed in Kubernetes 1.35");
    // DynamicKubeletConfig went in 1.26, before the oldest supported minor.
    assertThat(GATES.problems(gates("DynamicKubeletConfig", false), v(29)))
        .singleElement()
        .asString()
        .contains("removed in Kubernetes 1.26");
  }

  @Test
  void lockedGateSetToTheOtherValueIsRefused() {
    // KubeletTracing: beta in 1.33, GA and locked to true from 1.34.
    assertThat(GATES.problems(gates("KubeletTracing", false), v(33))).isEmpty();
    assertThat(GATES.problems(gates("KubeletTracing", false), v(34)))
        .containsExactly(
            "cannot set feature gate KubeletTracing to false, feature is locked to true (GA in Kubernetes 1.34)"
                + " (component-base featuregate: feature is locked to its default)");
    assertThat(GATES.problems(gates("KubeletTracing", true), v(34))).isEmpty();
    // ImageMaximumGCAge: alpha in 1.29, beta 1.30, GA and locked from 1.35.
    assertThat(GATES.state("ImageMaximumGCAge", v(29)))
        .contains(new GateState("ALPHA", false, false));
    assertThat(GATES.problems(gates("ImageMaximumGCAge", false), v(35))).hasSize(1);
  }

  @Test
  void gateNotYetAddedNamesTheMinorItArrivesIn() {
    // KubeletFineGrainedAuthz: alpha in 1.32, beta (on) in 1.33, GA and locked in 1.36.
    assertThat(GATES.state("KubeletFineGrainedAuthz", v(31))).isEmpty();
    assertThat(GATES.problems(gates("KubeletFineGrainedAuthz", true), v(31)))
        .singleElement()
        .asString()
        .contains("knows it from Kubernetes 1.32 on");
    assertThat(GATES.state("KubeletFineGrainedAuthz", v(32)))
        .contains(new GateState("ALPHA", false, false));
    assertThat(GATES.enabled(Map.of(), "KubeletFineGrainedAuthz", v(33))).isTrue();
    assertThat(GATES.state("KubeletFineGrainedAuthz", v(36)))
        .contains(new GateState("GA", true, true));
  }

  @Test
  void enabledUsesTheExplicitValueThenAllAlphaThenTheDefault() {
    // NodeLogQuery: alpha until 1.29, beta (off) 1.30-1.35, GA and locked on from 1.36.
    assertThat(GATES.enabled(Map.of(), "NodeLogQuery", v(35))).isFalse();
    assertThat(GATES.enabled(gates("NodeLogQuery", true), "NodeLogQuery", v(35))).isTrue();
    assertThat(GATES.enabled(Map.of(), "NodeLogQuery", v(36))).isTrue();
    assertThat(GATES.enabled(gates("AllAlpha", true), "NodeLogQuery", v(29))).isTrue();
    assertThat(GATES.enabled(gates("AllAlpha", true), "NodeLogQuery", v(30))).isFalse();
    assertThat(GATES.enabled(gates("AllBeta", true), "NodeLogQuery", v(30))).isTrue();
    assertThat(GATES.enabled(gates("AllAlpha", true, "NodeLogQuery", false), "NodeLogQuery", v(29)))
        .isFalse();
    // UserNamespacesSupport: beta off in 1.30-1.32, on from 1.33.
    assertThat(GATES.enabled(null, "UserNamespacesSupport", v(32))).isFalse();
    assertThat(GATES.enabled(null, "UserNamespacesSupport", v(33))).isTrue();
    assertThat(GATES.enabled(Map.of(), "NoSuchGate", v(33))).isFalse();
    assertThat(GATES.state("AllAlpha", v(37))).contains(new GateState("ALPHA", false, false));
  }

  @Test
  void logsMetricsAndClientGoGatesAreKnownWhereTheKubeletRegistersThem() {
    assertThat(GATES.state("LoggingBetaOptions", v(29)))
        .contains(new GateState("BETA", true, false));
    assertThat(GATES.state("ContextualLogging", v(29)))
        .contains(new GateState("ALPHA", false, false));
    assertThat(GATES.state("ContextualLogging", v(30)))
        .contains(new GateState("BETA", true, false));
    // client-go gates reach the kubelet's gate from 1.30 (pkg/features clientAdapter).
    assertThat(GATES.state("WatchListClient", v(29))).isEmpty();
    assertThat(GATES.state("WatchListClient", v(30))).contains(new GateState("BETA", false, false));
    assertThat(GATES.state("NativeHistograms", v(36)))
        .contains(new GateState("ALPHA", false, false));
    assertThat(GATES.state("NativeHistograms", v(37))).contains(new GateState("BETA", true, false));
  }

  @Test
  void nonBooleanValuesAreReported() {
    Map<String, Object> m = gates("NodeLogQuery", "true", "RotateKubeletServerCertificate", true);
    assertThat(GATES.problems(m, v(34)))
        .containsExactly(
            "feature gate NodeLogQuery: \"true\" is not true or false"
                + " (KubeletConfiguration: featureGates is a map of gate name to true or false)");
    assertThat(GATES.enabled(m, "NodeLogQuery", v(34))).isFalse();
    assertThat(GATES.problems(null, v(34))).isEmpty();
    assertThat(GATES.problems(gates("Nope", null), v(34))).hasSize(2);
  }

  @Test
  void oneMessagePerProblemInMapOrder() {
    Map<String, Object> m =
        gates("SeccompDefault", true, "KubeletTracing", false, "NodeLogQuery", true);
    List<String> problems = GATES.problems(m, v(35));
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).contains("SeccompDefault");
    assertThat(problems.get(1)).contains("KubeletTracing");
    assertThat(GATES.state("SeccompDefault", v(37))).isEqualTo(Optional.empty());
  }

  private static int dependencyCount(KubeVersion version) {
    return GATES.dependencies(version).values().stream().mapToInt(List::size).sum();
  }

  @Test
  void dependenciesAreEnforcedFrom135WithEachMinorsDeclarations() {
    // component-base featuregate: the dependency check arrived in kubernetes-1.35.0-alpha.1.
    assertThat(GATES.dependenciesEnforcedFrom()).isEqualTo(v(35));
    for (int m = 29; m <= 34; m++) {
      assertThat(GATES.dependencies(v(m))).as("in 1.%d", m).isEmpty();
    }
    // pkg/features defaultKubernetesFeatureGateDependencies, non-empty entries (WorkloadWithJob
    // left out).
    assertThat(dependencyCount(v(35))).isEqualTo(38);
    assertThat(dependencyCount(v(36))).isEqualTo(56);
    assertThat(dependencyCount(v(37))).isEqualTo(71);
    assertThat(GATES.dependencies(v(35)).get("InPlacePodLevelResourcesVerticalScaling"))
        .containsExactly("InPlacePodVerticalScaling", "NodeDeclaredFeatures", "PodLevelResources");
    // MemoryManager is gone in 1.36, and with it InPlacePodVerticalScalingExclusiveMemory's need of
    // it.
    assertThat(GATES.dependencies(v(35)).get("InPlacePodVerticalScalingExclusiveMemory"))
        .containsExactly("InPlacePodVerticalScaling", "MemoryManager");
    assertThat(GATES.dependencies(v(36)).get("InPlacePodVerticalScalingExclusiveMemory"))
        .containsExactly("InPlacePodVerticalScaling");
    // UserNamespacesHostNetworkSupport needs NodeDeclaredFeatures too from 1.36.
    assertThat(GATES.dependencies(v(35)).get("UserNamespacesHostNetworkSupport"))
        .containsExactly("UserNamespacesSupport");
    assertThat(GATES.dependencies(v(36)).get("UserNamespacesHostNetworkSupport"))
        .containsExactly("NodeDeclaredFeatures", "UserNamespacesSupport");
    // A client-go gate as a dependency (registered through clientAdapter before AddDependencies).
    assertThat(GATES.dependencies(v(36)).get("StaleControllerConsistencyJob"))
        .containsExactly("AtomicFIFO");
    // AuthorizeNodeWithSelectors is removed in 1.37, and its declaration with it.
    assertThat(GATES.dependencies(v(36))).containsKey("AuthorizeNodeWithSelectors");
    assertThat(GATES.dependencies(v(37))).doesNotContainKey("AuthorizeNodeWithSelectors");
    assertThat(GATES.dependencies(v(38))).isEqualTo(GATES.dependencies(v(37)));
  }

  @Test
  void turningADependencyOffRefusesItsDependentsThatAreOnByDefault() {
    // GracefulNodeShutdownBasedOnPodPriority and WindowsGracefulNodeShutdown (beta, on) depend on
    // GracefulNodeShutdown (beta, on): upstream checks effective values, not only the gates the map
    // names.
    Map<String, Object> off = gates("GracefulNodeShutdown", false);
    assertThat(GATES.problems(off, v(35)))
        .containsExactly(
            "GracefulNodeShutdownBasedOnPodPriority is enabled, but depends on features that are disabled:"
                + " [GracefulNodeShutdown] (GracefulNodeShutdownBasedOnPodPriority: on by default, BETA in"
                + " Kubernetes 1.35; GracefulNodeShutdown: set to false)"
                + DEPENDS,
            "WindowsGracefulNodeShutdown is enabled, but depends on features that are disabled:"
                + " [GracefulNodeShutdown] (WindowsGracefulNodeShutdown: on by default, BETA in Kubernetes 1.35;"
                + " GracefulNodeShutdown: set to false)"
                + DEPENDS);
    assertThat(GATES.problems(off, v(37))).hasSize(2);
    // Before 1.35 the kubelet has no dependency check: the same map starts.
    assertThat(GATES.problems(off, v(34))).isEmpty();
    // Turning the dependents off as well is accepted.
    assertThat(
            GATES.problems(
                gates(
                    "GracefulNodeShutdown",
                    false,
                    "GracefulNodeShutdownBasedOnPodPriority",
                    false,
                    "WindowsGracefulNodeShutdown",
                    false),
                v(35)))
        .isEmpty();
  }

  @Test
  void enablingAGateWithoutItsDependencyIsRefusedFrom135Only() {
    // ClusterTrustBundleProjection and ClusterTrustBundle: both beta and off in 1.33-1.36.
    Map<String, Object> projection = gates("ClusterTrustBundleProjection", true);
    for (int m = 35; m <= 36; m++) {
      assertThat(GATES.problems(projection, v(m)))
          .containsExactly(
              "ClusterTrustBundleProjection is enabled, but depends on features that are disabled:"
                  + " [ClusterTrustBundle] (ClusterTrustBundleProjection: set to true; ClusterTrustBundle: off by"
                  + " default, BETA in Kubernetes 1."
                  + m
                  + ")"
                  + DEPENDS);
    }
    assertThat(GATES.problems(projection, v(33))).isEmpty();
    assertThat(GATES.problems(projection, v(34))).isEmpty();
    assertThat(
            GATES.problems(
                gates("ClusterTrustBundleProjection", true, "ClusterTrustBundle", true), v(35)))
        .isEmpty();
    // GA and on from 1.37: the projection alone is fine again.
    assertThat(GATES.problems(projection, v(37))).isEmpty();
  }

  @Test
  void everyDisabledDependencyIsNamedInSortedOrderAndAllBetaCounts() {
    // InPlacePodLevelResourcesVerticalScaling (alpha in 1.35) needs InPlacePodVerticalScaling (GA,
    // locked on),
    // NodeDeclaredFeatures (alpha, off) and PodLevelResources (beta, on).
    assertThat(GATES.problems(gates("InPlacePodLevelResourcesVerticalScaling", true), v(35)))
        .singleElement()
        .asString()
        .contains("disabled: [NodeDeclaredFeatures] (");
    assertThat(
            GATES.problems(
                gates("AllBeta", false, "InPlacePodLevelResourcesVerticalScaling", true), v(35)))
        .containsExactly(
            "InPlacePodLevelResourcesVerticalScaling is enabled, but depends on features that are disabled:"
                + " [NodeDeclaredFeatures PodLevelResources] (InPlacePodLevelResourcesVerticalScaling: set to true;"
                + " NodeDeclaredFeatures: off by default, ALPHA in Kubernetes 1.35; PodLevelResources: false"
                + " through AllBeta)"
                + DEPENDS);
    assertThat(
            GATES.problems(
                gates(
                    "InPlacePodLevelResourcesVerticalScaling", true, "NodeDeclaredFeatures", true),
                v(35)))
        .isEmpty();
  }

  @Test
  void allAlphaIsRefusedIn137WhereAlphaGatesNeedAnOffBetaGate() {
    // 1.37 (pre-release source): CompositePodGroup, PodGroupPreemptionPolicy and
    // TopologyAwareWorkloadScheduling
    // are alpha and depend on GenericWorkload, beta and off. AllAlpha turns the alpha gates on, not
    // the beta one.
    List<String> problems = GATES.problems(gates("AllAlpha", true), v(37));
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0))
        .startsWith(
            "CompositePodGroup is enabled, but depends on features that are disabled: [GenericWorkload]"
                + " (CompositePodGroup: true through AllAlpha; GenericWorkload: off by default, BETA in Kubernetes 1.37)");
    assertThat(problems.get(1)).startsWith("PodGroupPreemptionPolicy is enabled");
    assertThat(problems.get(2)).startsWith("TopologyAwareWorkloadScheduling is enabled");
    assertThat(GATES.problems(gates("AllAlpha", true, "GenericWorkload", true), v(37))).isEmpty();
    // In 1.35 and 1.36 every alpha gate's dependencies are alpha, on by default or GA.
    assertThat(GATES.problems(gates("AllAlpha", true), v(35))).isEmpty();
    assertThat(GATES.problems(gates("AllAlpha", true), v(36))).isEmpty();
  }

  @Test
  void aLockedGateSetTheOtherWayIsOneProblemNotAlsoADependencyOne() {
    // ServiceAccountTokenNodeBinding (GA, locked on) depends on
    // ServiceAccountTokenNodeBindingValidation (GA,
    // locked on): upstream refuses the locked value and leaves the gate at its default.
    assertThat(GATES.problems(gates("ServiceAccountTokenNodeBindingValidation", false), v(35)))
        .containsExactly(
            "cannot set feature gate ServiceAccountTokenNodeBindingValidation to false, feature is locked to true"
                + " (GA in Kubernetes 1.35) (component-base featuregate: feature is locked to its default)");
  }

  @Test
  void defaultsAloneNeverViolateADependency() {
    Map<String, Integer> order = Map.of("DEPRECATED", 0, "ALPHA", 1, "BETA", 2, "GA", 3);
    for (KubeVersion version : GATES.minors()) {
      assertThat(GATES.problems(Map.of(), version)).as("in %s", version).isEmpty();
      assertThat(GATES.problems(null, version)).as("in %s", version).isEmpty();
      // The rules upstream AddDependencies enforces at registration hold for the facts at every
      // minor.
      GATES
          .dependencies(version)
          .forEach(
              (gate, needs) -> {
                GateState g = GATES.state(gate, version).orElseThrow();
                for (String dep : needs) {
                  GateState d = GATES.state(dep, version).orElseThrow();
                  String pair = gate + " -> " + dep + " in " + version;
                  assertThat(!g.defaultValue() || d.defaultValue())
                      .as("default-on needs default-on: %s", pair)
                      .isTrue();
                  assertThat(!g.locked() || d.locked())
                      .as("locked needs locked: %s", pair)
                      .isTrue();
                  assertThat(order.get(g.stage()))
                      .as("stability: %s", pair)
                      .isLessThanOrEqualTo(order.get(d.stage()));
                }
              });
    }
  }
}
