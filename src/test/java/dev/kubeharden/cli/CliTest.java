package dev.kubeharden.cli;

import static dev.kubeharden.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: exit code, stdout and stderr of every run. */
class CliTest {
  private static final String CONFIG = "standalone/var/lib/kubelet/config.yaml";
  private static final String BASELINE_SUMMARY =
      "baseline for Kubernetes 1.36 (9 controls, 0 disabled)";

  @TempDir Path tmp;

  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = dir.relativize(p).toString();
        files.put(
            rel + (Files.isDirectory(p) ? "/" : ""),
            Files.isDirectory(p) ? "" : Files.readString(p));
      }
    }
    return files;
  }

  /**
   * No temporary siblings (.out.kubeharden-new-*, -old-*) may be left behind in the parent
   * directory.
   */
  private void assertNoLeftovers() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".kubeharden-"));
    }
  }

  private Path badProfile() throws IOException {
    Path p = tmp.resolve("bad.yaml");
    Files.writeString(
        p,
        """
        apiVersion: kubeharden.dev/v1alpha1
        kind: HardeningProfile
        metadata:
          name: bad
        extends: [baseline]
        kubelet:
          config:
            readOnlyPorts: 0
        """);
    return p;
  }

  @Test
  void helpListsTheExitCodes() {
    CliRun r = run("--help");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("Usage: kubeharden ")
        .contains("generate", "profiles", "explain", "validate")
        .contains("Exit codes:")
        .contains("  0  ok")
        .contains("  1  runtime failure")
        .contains("  2  usage error")
        .contains("  3  invalid input")
        .contains("  4  drift found, or output not up to date (generate --check)");
  }

  @Test
  void subcommandHelpListsTheExitCodesToo() {
    CliRun r = run("generate", "--help");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("Usage: kubeharden generate ")
        .contains("--dry-run", "--check", "Exit codes:");
  }

  @Test
  void version() {
    CliRun r = run("--version");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).matches("kubeharden \\d+\\.\\d+\\.\\d+\\S*\n");
  }

  @Test
  void missingCommandIsAUsageError() {
    CliRun r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("kubeharden: missing command; see 'kubeharden --help'\n");
  }

  @Test
  void generateWritesTheBundleThenSaysUpToDate() throws IOException {
    Path out = tmp.resolve("out");
    CliRun first = run("generate", "--profile", "baseline", "--out", out.toString());
    assertThat(first.code()).isEqualTo(0);
    assertThat(first.out()).isEqualTo("wrote 15 files to " + out + ": " + BASELINE_SUMMARY + "\n");
    first.assertOnlyNotesAndWarningsOnStderr();
    assertThat(first.err()).contains("warning: readOnlyPort 0: ");
    assertThat(out.resolve(CONFIG)).isRegularFile();
    assertThat(out.resolve("report.json")).isRegularFile();
    assertThat(out.resolve("REPORT.md")).isRegularFile();
    assertThat(out.resolve("node/etc/systemd/system/kubelet.service.d/20-kubeharden.conf"))
        .isRegularFile();
    assertThat(out.resolve("node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf"))
        .isRegularFile();
    assertThat(Files.readString(out.resolve("report.json")))
        .contains("\"generator\": \"kubeharden\"", "\"profile\": \"baseline\"");
    assertThat(Files.readString(out.resolve(CONFIG)))
        .contains("kind: \"KubeletConfiguration\"\n", "readOnlyPort: 0  # SEED:1\n")
        .contains("  anonymous:\n    enabled: false  # SEED:4\n");
    assertNoLeftovers();

    Map<String, String> before = snapshot(out);
    CliRun second = run("generate", "--profile", "baseline", "--out", out.toString());
    assertThat(second.code()).isEqualTo(0);
    assertThat(second.out()).isEqualTo(out + " is up to date: " + BASELINE_SUMMARY + "\n");
    second.assertOnlyNotesAndWarningsOnStderr();
    assertThat(snapshot(out)).isEqualTo(before);
    assertNoLeftovers();
  }

  @Test
  void checkExitsZeroWhenCleanAndFourAfterAnEdit() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(run("generate", "-p", "baseline", "--out", out.toString()).code()).isEqualTo(0);

    CliRun clean = run("generate", "-p", "baseline", "--out", out.toString(), "--check");
    assertThat(clean.code()).isEqualTo(0);
    assertThat(clean.out()).isEqualTo(out + " is up to date: " + BASELINE_SUMMARY + "\n");
    clean.assertOnlyNotesAndWarningsOnStderr();

    Path config = out.resolve(CONFIG);
    String edited = Files.readString(config).replace("podPidsLimit: 4096", "podPidsLimit: 100000");
    Files.writeString(config, edited);
    Map<String, String> before = snapshot(out);

    CliRun drift = run("generate", "-p", "baseline", "--out", out.toString(), "--check");
    assertThat(drift.code()).isEqualTo(4);
    assertThat(drift.out()).isEqualTo("~ " + CONFIG + "\n");
    assertThat(drift.errLines())
        .last()
        .isEqualTo(out + " is out of date; run 'kubeharden generate' to update it");
    assertThat(snapshot(out)).as("--check writes nothing").isEqualTo(before);

    Files.delete(out.resolve("REPORT.md"));
    CliRun missing = run("generate", "-p", "baseline", "--out", out.toString(), "--check");
    assertThat(missing.code()).isEqualTo(4);
    assertThat(missing.out()).isEqualTo("+ REPORT.md\n~ " + CONFIG + "\n");
  }

  @Test
  void checkOfAMissingDirectoryIsDrift() {
    Path out = tmp.resolve("never-written");
    CliRun r = run("generate", "-p", "baseline", "--out", out.toString(), "--check");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out()).contains("+ " + CONFIG + "\n", "+ report.json\n");
    assertThat(r.err()).endsWith(out + " is out of date; run 'kubeharden generate' to update it\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void dryRunWritesNothingAndPrintsAUnifiedDiff() throws IOException {
    Path out = tmp.resolve("out");
    CliRun fresh = run("generate", "-p", "baseline", "--out", out.toString(), "--dry-run");
    assertThat(fresh.code()).isEqualTo(0);
    fresh.assertOnlyNotesAndWarningsOnStderr();
    assertThat(out).doesNotExist();
    assertThat(fresh.out())
        .startsWith("+ REPORT.md\n")
        .contains("+ " + CONFIG + "\n")
        .contains("--- /dev/null\n+++ b/" + CONFIG + "\n@@ ")
        .contains("\n+readOnlyPort: 0  # SEED:1\n")
        .endsWith("dry run: nothing was written\n");
    assertNoLeftovers();

    assertThat(run("generate", "-p", "baseline", "--out", out.toString()).code()).isEqualTo(0);
    Map<String, String> before = snapshot(out);
    CliRun change =
        run(
            "generate",
            "-p",
            "baseline",
            "--out",
            out.toString(),
            "--dry-run",
            "--set",
            "podPidsLimit=2048");
    assertThat(change.code()).isEqualTo(0);
    change.assertOnlyNotesAndWarningsOnStderr();
    assertThat(change.out())
        .contains("~ " + CONFIG + "\n")
        .contains("--- a/" + CONFIG + "\n+++ b/" + CONFIG + "\n@@ ")
        .contains("\n-podPidsLimit: 4096  # SEED:9\n+podPidsLimit: 2048  # SEED:9\n")
        .endsWith("dry run: nothing was written\n");
    assertThat(snapshot(out)).isEqualTo(before);

    CliRun same = run("generate", "-p", "baseline", "--out", out.toString(), "--dry-run");
    assertThat(same.code()).isEqualTo(0);
    assertThat(same.out())
        .isEqualTo("no changes: " + out + " is up to date: " + BASELINE_SUMMARY + "\n");
  }

  @Test
  void checkAndDryRunAreExclusive() {
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "-p", "baseline", "--out", out.toString(), "--check", "--dry-run");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("kubeharden: ").contains("mutually exclusive");
    assertThat(out).doesNotExist();
  }

  @Test
  void setOverridesAFieldInConfigYaml() throws IOException {
    Path out = tmp.resolve("out");
    CliRun r =
        run("generate", "-p", "baseline", "--out", out.toString(), "--set", "podPidsLimit=2048");
    assertThat(r.code()).isEqualTo(0);
    r.assertOnlyNotesAndWarningsOnStderr();
    assertThat(r.out()).startsWith("wrote 15 files to " + out);
    String config = Files.readString(out.resolve(CONFIG));
    assertThat(config).contains("\npodPidsLimit: 2048  # SEED:9\n").doesNotContain("4096");
  }

  @Test
  void setThatUndoesAControlExitsThreeAndWritesNothing() {
    Path out = tmp.resolve("out");
    CliRun r =
        run("generate", "-p", "baseline", "--out", out.toString(), "--set", "readOnlyPort=10255");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            "--set readOnlyPort=10255: error: --set sets 10255, which undoes control SEED:1 (requires"
                + " readOnlyPort = 0); change the value, or disable the control with a reason",
            "1 error; nothing was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void setOfAnUnknownFieldExitsThree() {
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "-p", "baseline", "--out", out.toString(), "--set", "notAField=1");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            "--set notAField=1: error: unknown KubeletConfiguration field notAField",
            "1 error; nothing was written");
    assertThat(out).doesNotExist();

    CliRun typo =
        run("generate", "-p", "baseline", "--out", out.toString(), "--set", "readOnlyPorts=1");
    assertThat(typo.code()).isEqualTo(3);
    assertThat(typo.out()).isEmpty();
    assertThat(typo.errLines())
        .containsExactly(
            "--set readOnlyPorts=1: error: unknown KubeletConfiguration field readOnlyPorts; did you mean"
                + " \"readOnlyPort\"?",
            "1 error; nothing was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void setOfAWronglyTypedValueExitsThree() {
    Path out = tmp.resolve("out");
    CliRun r =
        run("generate", "-p", "baseline", "--out", out.toString(), "--set", "podPidsLimit=lots");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            "--set podPidsLimit=lots: error: variable podPidsLimit must be an integer, not a string",
            "1 error; nothing was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void unsupportedKubernetesVersionIsAUsageError() {
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "-p", "baseline", "--out", out.toString(), "--k8s-version", "1.20");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            "kubeharden: --k8s-version must be a supported Kubernetes minor, 1.29 to 1.37 (got '1.20')",
            "Try 'kubeharden generate --help'.");
    assertThat(out).doesNotExist();
  }

  @Test
  void badProfileExitsThreeAndLeavesOutAbsent() throws IOException {
    Path bad = badProfile();
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "-p", bad.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            bad
                + ":8:5: error: unknown field \"readOnlyPorts\" in KubeletConfiguration; did you mean"
                + " \"readOnlyPort\"?",
            "      readOnlyPorts: 0",
            "      ^",
            "1 error; nothing was written");
    assertThat(r.err()).doesNotContain("\tat ", "Exception");
    assertThat(out).doesNotExist();
    assertNoLeftovers();
  }

  @Test
  void badProfileLeavesAnExistingBundleUnchanged() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(run("generate", "-p", "baseline", "--out", out.toString()).code()).isEqualTo(0);
    Map<String, String> before = snapshot(out);
    CliRun r = run("generate", "-p", badProfile().toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(":8:5: error: ").endsWith("1 error; nothing was written\n");
    assertThat(snapshot(out)).isEqualTo(before);
    assertNoLeftovers();
  }

  @Test
  void refusesToReplaceANonEmptyForeignDirectory() throws IOException {
    Path out = tmp.resolve("precious");
    Files.createDirectories(out.resolve("sub"));
    Files.writeString(out.resolve("notes.txt"), "mine\n");
    Files.writeString(out.resolve("sub/report.json"), "{\"generator\": \"kubeharden\"}\n");
    Map<String, String> before = snapshot(out);

    CliRun r = run("generate", "-p", "baseline", "--out", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .last()
        .isEqualTo(
            "kubeharden: "
                + out.toAbsolutePath().normalize()
                + " is not empty and holds no kubeharden report.json;"
                + " refusing to replace it (choose another --out)");
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(snapshot(out)).isEqualTo(before);
    assertNoLeftovers();
  }

  @Test
  void refusesAReportJsonNotWrittenByKubeharden() throws IOException {
    Path out = tmp.resolve("other");
    Files.createDirectories(out);
    Files.writeString(out.resolve("report.json"), "{\"generator\": \"something-else\"}\n");
    Map<String, String> before = snapshot(out);
    CliRun r = run("generate", "-p", "baseline", "--out", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("refusing to replace it");
    assertThat(snapshot(out)).isEqualTo(before);
  }

  @Test
  void replacesAnEmptyDirectory() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("empty"));
    CliRun r = run("generate", "-p", "baseline", "--out", out.toString());
    assertThat(r.code()).isEqualTo(0);
    r.assertOnlyNotesAndWarningsOnStderr();
    assertThat(out.resolve(CONFIG)).isRegularFile();
  }

  @Test
  void profilesListShowsBaselineAndTheCisAlias() {
    CliRun r = run("profiles", "list");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out().split("\n"))
        .contains("baseline         Seed practices, corrected; safe on any conformant cluster")
        .contains("cis              alias: cis-1.11 for Kubernetes 1.29-1.31, cis-1.12 from 1.32");
  }

  @Test
  void profilesShowGivesEverySettingItsOrigin() throws IOException {
    CliRun r = run("profiles", "show", "baseline");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith(
            "profile: baseline\nkubernetesVersion: \"1.36\"\nchain: [baseline]\nsettings:\n");

    // The origin names the line and column where profiles/baseline.yaml writes the value.
    String[] lines = shippedBaseline().split("\n", -1);
    int line = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].trim().equals("readOnlyPort: 0")) {
        line = i + 1;
      }
    }
    assertThat(line).as("readOnlyPort: 0 in baseline.yaml").isPositive();
    int col = lines[line - 1].indexOf("0") + 1;
    assertThat(r.out())
        .contains(
            "  readOnlyPort: 0   # set by baseline control SEED:1 at profiles/baseline.yaml:"
                + line
                + ":"
                + col
                + "\n    # required by SEED:1\n")
        .contains(
            "  podPidsLimit: 4096   # set by baseline control SEED:9 at profiles/baseline.yaml:")
        .contains(
            "  healthzPort: 10248   # set by baseline kubelet.config at profiles/baseline.yaml:")
        .contains("controls:\n  SEED:1: Restrict kubelet API access   # from baseline\n")
        .contains("variables:\n")
        .contains("  podPidsLimit: 4096\n");
  }

  @Test
  void profilesShowReflectsSetAsTheCommandLine() {
    CliRun r = run("profiles", "show", "baseline", "--set", "podPidsLimit=2048");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    // podPidsLimit is driven by the variable of the same name: --set sets the variable, so every
    // use follows.
    assertThat(r.out())
        .contains("  podPidsLimit: 2048   # set by baseline control SEED:9")
        .doesNotContain("4096");
  }

  private static String shippedBaseline() throws IOException {
    try (InputStream in = CliTest.class.getResourceAsStream("/kubeharden/profiles/baseline.yaml")) {
      assertThat(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void explainAControl() {
    CliRun r = run("explain", "SEED:4");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith(
            """
            SEED:4: Disable anonymous access to the kubelet API
              defined in: baseline   severity: critical   assessment: automated   scope: node
            """)
        .contains("  checks: authentication.anonymous.enabled = false\n")
        .contains("  sets: authentication.anonymous.enabled = false\n")
        .contains("  can break: ");
    String applied =
        r.out()
            .lines()
            .filter(l -> l.startsWith("  applied by (Kubernetes 1.36): "))
            .findFirst()
            .orElseThrow();
    assertThat(applied.substring(applied.indexOf(": ") + 2).split(", ")).contains("baseline");
  }

  @Test
  void explainAField() {
    CliRun r = run("explain", "readOnlyPort");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith(
            "readOnlyPort (KubeletConfiguration kubelet.config.k8s.io/v1beta1)\n  type: an integer\n")
        .contains("  range: 0..65535\n")
        .contains(
            "  deprecated flag: --read-only-port (overrides the config file; never pass it)\n")
        .contains("  required by: SEED:1 (baseline): Restrict kubelet API access\n")
        .contains("  in profile baseline (Kubernetes 1.36): 0 (set by baseline control SEED:1)\n");
  }

  @Test
  void explainAnUnknownNameIsAUsageErrorWithAHint() {
    CliRun r = run("explain", "readOnlyPorts");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            "kubeharden: no control or KubeletConfiguration field named 'readOnlyPorts'; did you mean"
                + " \"readOnlyPort\"?",
            "Try 'kubeharden explain --help'.");
  }

  @Test
  void validateAGoodKubeletConfiguration() throws IOException {
    Path good = tmp.resolve("kubelet.yaml");
    Files.writeString(
        good,
        """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        readOnlyPort: 0
        authentication:
          anonymous:
            enabled: false
        authorization:
          mode: Webhook
        """);
    CliRun r = run("validate", good.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(good + ": ok (KubeletConfiguration)\n");
  }

  @Test
  void validateTheGeneratedConfigAndDropIn() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(run("generate", "-p", "baseline", "--out", out.toString()).code()).isEqualTo(0);
    Path config = out.resolve(CONFIG);
    Path dropIn = out.resolve("node/etc/kubernetes/kubelet.conf.d/50-kubeharden.conf");
    CliRun r = run("validate", config.toString(), dropIn.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            config + ": ok (KubeletConfiguration)\n" + dropIn + ": ok (KubeletConfiguration)\n");
  }

  @Test
  void validateABadKubeletConfiguration() throws IOException {
    Path bad = tmp.resolve("bad-kubelet.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        readOnlyPort: 0
        authorization:
          mode: RBAC
        anonymousAuth: false
        """);
    CliRun r = run("validate", bad.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .filteredOn(l -> l.contains(": error: "))
        .containsExactly(
            bad + ":5:9: error: authorization.mode: \"RBAC\" is not one of AlwaysAllow, Webhook",
            bad + ":6:1: error: unknown field \"anonymousAuth\" in KubeletConfiguration");
    assertThat(r.errLines()).last().asString().startsWith("2 errors");
  }

  @Test
  void validateReportsTheGoodAndTheBadFile() throws IOException {
    Path good = tmp.resolve("good.yaml");
    Files.writeString(
        good, "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad, "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nport: 0\n");
    CliRun r = run("validate", good.toString(), bad.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEqualTo(good + ": ok (KubeletConfiguration)\n");
    assertThat(r.errLines())
        .first()
        .isEqualTo(bad + ":3:7: error: port must be between 1 and 65535 (got 0)");
  }

  @Test
  void validateAProfileFile() throws IOException {
    CliRun bad = run("validate", badProfile().toString());
    assertThat(bad.code()).isEqualTo(3);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.errLines())
        .first()
        .asString()
        .startsWith(tmp.resolve("bad.yaml") + ":8:5: error: ");

    Path good = tmp.resolve("good-profile.yaml");
    Files.writeString(
        good,
        """
        apiVersion: kubeharden.dev/v1alpha1
        kind: HardeningProfile
        metadata:
          name: good
        extends: [baseline]
        values:
          podPidsLimit: 1024
        """);
    CliRun ok = run("validate", good.toString());
    assertThat(ok.code()).isEqualTo(0);
    assertThat(ok.err()).isEmpty();
    assertThat(ok.out()).isEqualTo(good + ": ok (HardeningProfile)\n");
  }

  /**
   * The cases that need the default profile ("cis", which resolves to profiles/cis-1.12.yaml for
   * Kubernetes 1.36). Depends on profiles/cis-1.12.yaml being shipped; the rest of this class only
   * uses baseline.
   */
  @Test
  void defaultCisProfile_dependsOnProfilesCis112() throws IOException {
    Path out = tmp.resolve("out");
    CliRun undo = run("generate", "--out", out.toString(), "--set", "readOnlyPort=10255");
    assertThat(undo.code()).isEqualTo(3);
    assertThat(undo.out()).isEmpty();
    assertThat(undo.errLines())
        .filteredOn(l -> l.contains(": error: "))
        .isNotEmpty()
        .allMatch(
            l ->
                l.startsWith(
                    "--set readOnlyPort=10255: error: --set sets 10255, which undoes control "))
        .anyMatch(
            l -> l.contains("which undoes control CIS-1.12:4.2.4 (requires readOnlyPort = 0)"));
    assertThat(undo.errLines()).last().asString().endsWith("; nothing was written");
    assertThat(out).doesNotExist();

    CliRun def = run("generate", "--out", out.toString());
    assertThat(def.code()).isEqualTo(0);
    def.assertOnlyNotesAndWarningsOnStderr();
    assertThat(def.err()).contains("note: cis resolved to cis-1.12");
    assertThat(def.out())
        .startsWith("wrote ")
        .contains(" files to " + out + ": cis for Kubernetes 1.36 (");
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"cis-1.12\"");
  }
}
