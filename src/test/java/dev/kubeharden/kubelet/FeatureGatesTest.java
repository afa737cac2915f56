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
    try (InputStream in = FeatureGatesTest.class.getResourceAsStream("/kubeharden/facts/feature-gates.tsv")) {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.split("\t")[0]);
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
      // 162 gates in 1.29 up to 252 in 1.37 (k/k pkg/features, apiserver, client-go, component-base, ...)
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
    assertThat(GATES.problems(gates("ComponentSLIs", true), v(35))).singleElement().asString()
        .contains("removed in Kubernetes 1.35");
    // DynamicKubeletConfig went in 1.26, before the oldest supported minor.
    assertThat(GATES.problems(gates("DynamicKubeletConfig", false), v(29))).singleElement().asString()
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
    assertThat(GATES.state("ImageMaximumGCAge", v(29))).contains(new GateState("ALPHA", false, false));
    assertThat(GATES.problems(gates("ImageMaximumGCAge", false), v(35))).hasSize(1);
  }

  @Test
  void gateNotYetAddedNamesTheMinorItArrivesIn() {
    // KubeletFineGrainedAuthz: alpha in 1.32, beta (on) in 1.33, GA and locked in 1.36.
    assertThat(GATES.state("KubeletFineGrainedAuthz", v(31))).isEmpty();
    assertThat(GATES.problems(gates("KubeletFineGrainedAuthz", true), v(31))).singleElement().asString()
        .contains("knows it from Kubernetes 1.32 on");
    assertThat(GATES.state("KubeletFineGrainedAuthz", v(32))).contains(new GateState("ALPHA", false, false));
    assertThat(GATES.enabled(Map.of(), "KubeletFineGrainedAuthz", v(33))).isTrue();
    assertThat(GATES.state("KubeletFineGrainedAuthz", v(36))).contains(new GateState("GA", true, true));
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
    assertThat(GATES.enabled(gates("AllAlpha", true, "NodeLogQuery", false), "NodeLogQuery", v(29))).isFalse();
    // UserNamespacesSupport: beta off in 1.30-1.32, on from 1.33.
    assertThat(GATES.enabled(null, "UserNamespacesSupport", v(32))).isFalse();
    assertThat(GATES.enabled(null, "UserNamespacesSupport", v(33))).isTrue();
    assertThat(GATES.enabled(Map.of(), "NoSuchGate", v(33))).isFalse();
    assertThat(GATES.state("AllAlpha", v(37))).contains(new GateState("ALPHA", false, false));
  }

  @Test
  void logsMetricsAndClientGoGatesAreKnownWhereTheKubeletRegistersThem() {
    assertThat(GATES.state("LoggingBetaOptions", v(29))).contains(new GateState("BETA", true, false));
    assertThat(GATES.state("ContextualLogging", v(29))).contains(new GateState("ALPHA", false, false));
    assertThat(GATES.state("ContextualLogging", v(30))).contains(new GateState("BETA", true, false));
    // client-go gates reach the kubelet's gate from 1.30 (pkg/features clientAdapter).
    assertThat(GATES.state("WatchListClient", v(29))).isEmpty();
    assertThat(GATES.state("WatchListClient", v(30))).contains(new GateState("BETA", false, false));
    assertThat(GATES.state("NativeHistograms", v(36))).contains(new GateState("ALPHA", false, false));
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
    Map<String, Object> m = gates("SeccompDefault", true, "KubeletTracing", false, "NodeLogQuery", true);
    List<String> problems = GATES.problems(m, v(35));
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).contains("SeccompDefault");
    assertThat(problems.get(1)).contains("KubeletTracing");
    assertThat(GATES.state("SeccompDefault", v(37))).isEqualTo(Optional.empty());
  }
}
