package dev.kubeharden.controlplane;

import static dev.kubeharden.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ProfileResolver;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod Security Admission: one broken AdmissionConfiguration or Namespace per rule under
 * src/test/resources/controlplane/psa/, the generated files of every golden, and version pinning.
 */
class PodSecurityTest {
  private static final String ADMISSION =
      "control-plane/etc/kubernetes/admission-configuration.yaml";
  private static final String NAMESPACES = "cluster/namespaces.yaml";
  private static final Pattern VERSION_VALUE = Pattern.compile("-version: \"([^\"]*)\"");
  private static final String LATEST_WARNING =
      "warning: Pod Security version latest: the policy silently tightens on every upgrade; pin it to the cluster"
          + " minor";

  @TempDir Path tmp;

  static Path fixture(String name) {
    return Fixtures.file("psa/" + name);
  }

  static List<String> headlines(Path p) {
    return Fixtures.headlines(
        ClusterDocuments.validate(Fixtures.docs(p), Rbac.DEFAULT_KUBELET_CLIENT));
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of(
            "bad-default-level.yaml",
            "9:16: error: defaults.enforce \"restrictd\" is not one of privileged, baseline, restricted; did you"
                + " mean \"restricted\"?"),
        Arguments.of(
            "version-without-v.yaml",
            "10:24: error: Pod Security version \"1.30\" must be latest or v1.N"),
        Arguments.of(
            "version-not-a-number.yaml",
            "10:22: error: Pod Security version \"v1.x\" must be latest or v1.N"),
        Arguments.of(
            "unknown-exemption-field.yaml",
            "13:7: error: unknown field \"namespace\" in exemptions; did you mean \"namespaces\"?"),
        Arguments.of(
            "namespace-bad-level.yaml",
            "6:41: error: pod-security.kubernetes.io/enforce \"strict\" is not one of privileged, baseline,"
                + " restricted"),
        // Points at metadata (4:3), not at the name itself (4:9).
        Arguments.of(
            "namespace-bad-name.yaml",
            "4:9: error: Namespace needs metadata.name, a DNS-1123 label"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void reportsTheExactError(String scenario, String expected) {
    Path p = fixture(scenario);
    assertThat(headlines(p)).containsExactly(p + ":" + expected);
  }

  static Stream<String> goldens() {
    return Fixtures.goldens().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void generatedAdmissionConfigurationAndNamespacesValidate(String golden) {
    for (String f : List.of(ADMISSION, NAMESPACES)) {
      Path p = Fixtures.golden(golden, f);
      assertThat(ClusterDocuments.validate(Fixtures.docs(p), Rbac.DEFAULT_KUBELET_CLIENT))
          .as("%s", p)
          .isEmpty();
    }
    assertThat(ClusterDocuments.kind(Fixtures.doc(Fixtures.golden(golden, ADMISSION))))
        .isEqualTo("AdmissionConfiguration");
    assertThat(Fixtures.docs(Fixtures.golden(golden, NAMESPACES)))
        .allMatch(d -> "Namespace".equals(ClusterDocuments.kind(d)));
  }

  /**
   * Every golden has Namespaces: localhost-only extends baseline, so alone it is a complete profile
   * too.
   */
  @Test
  void everyGoldenHasNamespaces() {
    assertThat(
            Fixtures.goldens().stream()
                .filter(g -> Fixtures.docs(Fixtures.golden(g, NAMESPACES)).isEmpty())
                .toList())
        .isEmpty();
  }

  /** The --k8s-version of a golden's args, or the default. */
  static String minorOf(String golden) throws IOException {
    List<String> args =
        Files.readAllLines(Fixtures.GOLDEN.resolve(golden).resolve("args")).stream()
            .map(String::strip)
            .toList();
    int i = args.indexOf("--k8s-version");
    return i < 0 ? KubeVersion.DEFAULT.toString() : args.get(i + 1);
  }

  static List<String> versions(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = VERSION_VALUE.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void versionsArePinnedToTheClusterMinor(String golden) throws IOException {
    String expected = "v" + minorOf(golden);
    String admission = Files.readString(Fixtures.golden(golden, ADMISSION));
    assertThat(versions(admission)).hasSize(3).containsOnly(expected);
    assertThat(admission)
        .contains("# Policy versions are pinned to " + expected + ", the cluster minor.");
    String namespaces = Files.readString(Fixtures.golden(golden, NAMESPACES));
    assertThat(versions(namespaces)).allMatch(expected::equals);
  }

  @Test
  void theLayeredGoldenIsPinnedToItsOwnMinor() throws IOException {
    assertThat(minorOf("layered-1.29")).isEqualTo("1.29");
    assertThat(minorOf("baseline")).isEqualTo("1.36");
    assertThat(versions(Files.readString(Fixtures.golden("layered-1.29", ADMISSION))))
        .containsOnly("v1.29");
    assertThat(versions(Files.readString(Fixtures.golden("baseline", ADMISSION))))
        .containsOnly("v1.36");
  }

  @Test
  void profileMayAskForLatestAndIsWarned() throws IOException {
    Path profile = fixture("latest-profile.yaml");
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "--profile", profile.toString(), "--out", out.toString());
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.err().lines())
        .contains(LATEST_WARNING)
        .allMatch(l -> l.startsWith("warning: ") || l.startsWith("note: "));
    String admission = Files.readString(out.resolve(ADMISSION));
    assertThat(versions(admission)).hasSize(3).containsOnly("latest");
    assertThat(admission).doesNotContain("v1.36\"");
    String namespaces = Files.readString(out.resolve(NAMESPACES));
    assertThat(versions(namespaces)).hasSize(4 * 3).containsOnly("latest");
    // What was generated still validates.
    assertThat(
            ClusterDocuments.validate(
                Fixtures.docs(out.resolve(ADMISSION)), Rbac.DEFAULT_KUBELET_CLIENT))
        .isEmpty();
    assertThat(
            ClusterDocuments.validate(
                Fixtures.docs(out.resolve(NAMESPACES)), Rbac.DEFAULT_KUBELET_CLIENT))
        .isEmpty();
  }

  @Test
  void latestIsAResolvedWarningAndPinnedIsNot() {
    ResolvedProfile latest =
        new ProfileResolver(new ProfileCatalog())
            .resolve(
                ResolveRequest.of(
                    List.of(fixture("latest-profile.yaml").toString()), KubeVersion.DEFAULT));
    assertThat(latest.cluster().psaVersion()).isEqualTo("latest");
    assertThat(PodSecurity.version(latest.cluster(), KubeVersion.DEFAULT)).isEqualTo("latest");
    assertThat(latest.warnings()).contains(LATEST_WARNING.substring("warning: ".length()));

    ResolvedProfile pinned =
        new ProfileResolver(new ProfileCatalog())
            .resolve(ResolveRequest.of(List.of("baseline"), new KubeVersion(30)));
    assertThat(PodSecurity.version(pinned.cluster(), new KubeVersion(30))).isEqualTo("v1.30");
    assertThat(pinned.warnings()).noneMatch(w -> w.startsWith("Pod Security version"));
  }

  /** Template wording: with version latest the header still says the versions are pinned. */
  @Test
  void latestHeaderDoesNotClaimAPin() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(
            run(
                    "generate",
                    "--profile",
                    fixture("latest-profile.yaml").toString(),
                    "--out",
                    out.toString())
                .code())
        .isZero();
    assertThat(Files.readString(out.resolve(ADMISSION))).doesNotContain("pinned to latest");
  }
}
