package dev.kubeharden.cli;

import static dev.kubeharden.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --inventory} in-process: exit code, stdout and stderr of every run. Inventory
 * error fixtures live in src/test/resources/fleet/errors/, one scenario a file; each test pins the
 * whole of stderr.
 */
class InventoryCliTest {
  private static final String ERRORS = "src/test/resources/fleet/errors/";
  private static final String GOLDEN = "src/test/resources/fleet/golden/inventory.yaml";

  @TempDir Path tmp;

  private CliRun failing(String fixture) {
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "--inventory", ERRORS + fixture, "--out", out.toString());
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(out).doesNotExist();
    return r;
  }

  @Test
  void writesEveryPoolAndTheFleetReport() {
    Path out = tmp.resolve("out");
    CliRun r = run("generate", "--inventory", GOLDEN, "--out", out.toString());
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "wrote 82 files to " + out + ": 3 clusters, 7 node pools, 6 distinct configurations\n");
    r.assertOnlyNotesAndWarningsOnStderr();
    assertThat(r.errLines())
        .doesNotHaveDuplicates()
        .contains("note: cis resolved to cis-1.11 for Kubernetes 1.30");
    assertThat(out.resolve("report.json")).exists();
    assertThat(out.resolve("prod-eu/gpu/standalone/var/lib/kubelet/config.yaml")).exists();
  }

  @Test
  void readmeInventoryExampleGenerates() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "```yaml\n(apiVersion: [^\n]*\nkind: Inventory.*?)```",
                java.util.regex.Pattern.DOTALL)
            .matcher(readme);
    assertThat(m.find()).as("README has an inventory example").isTrue();
    Path inv = tmp.resolve("inventory.yaml");
    Files.writeString(inv, m.group(1));
    CliRun r =
        run("generate", "--inventory", inv.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).endsWith(": 1 cluster, 3 node pools, 3 distinct configurations\n");
  }

  @Test
  void checkAndDryRunWriteNothing() {
    Path out = tmp.resolve("out");
    CliRun check = run("generate", "--inventory", GOLDEN, "--out", out.toString(), "--check");
    assertThat(check.code()).isEqualTo(4);
    assertThat(check.out()).startsWith("+ REPORT.md\n+ prod-eu/cloud/REPORT.md\n");
    assertThat(check.errLines())
        .last()
        .isEqualTo(out + " is out of date; run 'kubeharden generate --inventory' to update it");
    CliRun dry = run("generate", "--inventory", GOLDEN, "--out", out.toString(), "--dry-run");
    assertThat(dry.code()).isZero();
    assertThat(dry.out())
        .contains("+++ b/prod-us/batch/standalone/var/lib/kubelet/config.yaml")
        .endsWith("dry run: nothing was written\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void inventoryCannotBeCombinedWithProfileOptions() {
    CliRun r =
        run(
            "generate",
            "--inventory",
            GOLDEN,
            "--k8s-version",
            "1.33",
            "--out",
            tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            """
            kubeharden: --k8s-version cannot be combined with --inventory (the inventory sets it per cluster)
            Try 'kubeharden generate --help'.
            """);
  }

  @Test
  void refusesToReplaceADirectoryThatIsNotABundle() throws IOException {
    Path out = tmp.resolve("home");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine\n");
    CliRun r = run("generate", "--inventory", GOLDEN, "--out", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines())
        .last()
        .isEqualTo(
            "kubeharden: "
                + out.toAbsolutePath().normalize()
                + " is not empty and holds no kubeharden report.json; refusing to replace it (choose another --out)");
    assertThat(out.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void missingInventoryFile() {
    CliRun r = failing("absent.yaml");
    assertThat(r.err())
        .isEqualTo(
            ERRORS
                + "absent.yaml: error: inventory file does not exist\n1 error; nothing was written\n");
  }

  @Test
  void namesMustBeDnsLabelsAndUnique() {
    String f = ERRORS + "bad-names.yaml";
    String label =
        " must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit,"
            + " at most 63 characters): it names a directory\n";
    assertThat(failing("bad-names.yaml").err())
        .isEqualTo(
            f
                + ":4:11: error: cluster name \"Prod_EU\""
                + label
                + "    - name: Prod_EU\n"
                + "            ^\n"
                + f
                + ":9:15: error: node pool name \"../../etc\""
                + label
                + "        - name: ../../etc\n"
                + "                ^\n"
                + f
                + ":11:15: error: duplicate node pool name \"general\" in cluster prod-us (first defined at line 10)\n"
                + "        - name: general\n"
                + "                ^\n"
                + f
                + ":12:11: error: duplicate cluster name \"prod-us\" (first defined at line 7)\n"
                + "    - name: prod-us\n"
                + "            ^\n"
                + "4 errors; nothing was written\n");
  }

  @Test
  void versionsMustBeQuotedSupportedMinors() {
    String f = ERRORS + "bad-versions.yaml";
    assertThat(failing("bad-versions.yaml").errLines())
        .filteredOn(l -> l.contains(": error: "))
        .containsExactly(
            f
                + ":4:22: error: defaults.kubernetesVersion must be a quoted string such as \"1.34\", not a number"
                + " (1.30 unquoted reads as 1.3)",
            f
                + ":7:24: error: clusters[0].kubernetesVersion must be a supported Kubernetes minor, 1.29 to 1.37"
                + " (got \"1.27\")");
  }

  @Test
  void unknownKeysProfilesPoolSettingsAndExceptionsAreAllReported() {
    String f = ERRORS + "bad-keys.yaml";
    assertThat(failing("bad-keys.yaml").errLines())
        .filteredOn(l -> l.contains(": error: "))
        .containsExactly(
            f + ":4:3: error: unknown key \"profile\" in defaults; did you mean \"profiles\"?",
            f + ":6:5: error: clusters[0] is missing required key \"nodePools\"",
            f
                + ":7:21: error: unknown profile \"strikt\"; did you mean \"strict\"? (shipped: baseline, cis-1.11,"
                + " cis-1.12, localhost-only, nsa-cisa, serving-cert-bootstrap, stig, strict, cis)",
            f + ":8:5: error: unknown key \"nodepools\" in cluster; did you mean \"nodePools\"?",
            f + ":15:27: error: readOnlyPort must be an integer, not a string",
            f
                + ":16:13: error: unknown field \"maxPod\" in KubeletConfiguration; did you mean \"maxPods\"?",
            f + ":18:13: error: exception is missing required key \"reason\"",
            f
                + ":19:22: error: exception: \"not a control\" is not a control id such as CIS-1.12:4.2.7");
  }

  @Test
  void problemsFoundWhileResolvingPoolsAreReportedTogetherAtInventoryPositions() {
    String f = ERRORS + "resolve-errors.yaml";
    CliRun r = failing("resolve-errors.yaml");
    assertThat(r.errLines())
        .filteredOn(l -> l.contains(": error: "))
        .containsExactly(
            f
                + ":11:27: error: inventory kubelet.config sets 10255, which undoes control SEED:1 (requires"
                + " readOnlyPort = 0); change the value, or disable the control with a reason",
            f
                + ":11:27: error: inventory kubelet.config sets 10255, which undoes control CIS-1.12:4.2.4 (requires"
                + " readOnlyPort = 0); change the value, or disable the control with a reason",
            f
                + ":14:22: error: exception: unknown control CIS-1.12:4.2.77; did you mean \"CIS-1.12:4.2.7\"?",
            f
                + ":18:22: error: exception: control CIS-1.12:4.3.1 acts on the cluster, not on a node pool; except"
                + " it for the whole cluster (the cluster's exceptions) or disable it in a profile instead",
            f + ":22:20: error: unknown variable clientCAFil; did you mean \"clientCAFile\"?");
    assertThat(r.errLines()).last().isEqualTo("5 errors; nothing was written");
  }
}
