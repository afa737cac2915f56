package dev.kubeharden.cli;

import static dev.kubeharden.testing.CliRun.runOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exceptions' owner, ticket and expires, through the command line on fixed days: an expired one
 * fails every command that resolves profiles, one about to expire warns, bad entries are input
 * errors at their position. Fixtures in src/test/resources/exceptions/.
 */
class ExceptionExpiryTest {
  static final String DIR = "src/test/resources/exceptions/";
  private static final String EXPIRED = DIR + "expired.yaml";
  private static final String SITE = DIR + "site.yaml";

  @TempDir Path tmp;

  private static final String EXPIRED_ERROR =
      EXPIRED
          + ":7:5: error: exception CIS-1.12:4.2.7 expired on 2026-05-31 (owner platform-team, ticket"
          + " SEC-123): renew it with a later expires date, or remove it";

  @Test
  void anExpiredExceptionFailsGenerateWithExit3NamingItAndItsLine() {
    Path out = tmp.resolve("out");
    CliRun r =
        runOn(
            "2026-06-01",
            "generate",
            "--profile",
            EXPIRED,
            "--k8s-version",
            "1.34",
            "--out",
            out.toString());
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).containsExactly(EXPIRED_ERROR, "1 error; nothing was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void anExceptionHoldsThroughItsExpiryDay() {
    CliRun r =
        runOn(
            "2026-05-31",
            "generate",
            "--profile",
            EXPIRED,
            "--k8s-version",
            "1.34",
            "--out",
            tmp.resolve("out").toString());
    r.assertOk();
    assertThat(r.errLines())
        .contains(
            "warning: exception CIS-1.12:4.2.7 (expired) expires on 2026-05-31, within 30 days (owner"
                + " platform-team, ticket SEC-123): renew it or remove it");
  }

  @Test
  void everyCommandThatResolvesProfilesRefusesAnExpiredException() {
    CliRun show = runOn("2026-06-01", "profiles", "show", EXPIRED, "--k8s-version", "1.34");
    assertThat(show.code()).isEqualTo(3);
    assertThat(show.errLines()).first().isEqualTo(EXPIRED_ERROR);
    CliRun validate = runOn("2026-06-01", "validate", "--k8s-version", "1.34", EXPIRED);
    assertThat(validate.code()).isEqualTo(3);
    assertThat(validate.errLines()).first().isEqualTo(EXPIRED_ERROR);
    CliRun diff =
        runOn(
            "2026-06-01",
            "diff",
            "--profile",
            EXPIRED,
            "--k8s-version",
            "1.34",
            "--kubelet-config",
            "out/standalone/var/lib/kubelet/config.yaml");
    assertThat(diff.code()).isEqualTo(3);
    assertThat(diff.errLines()).first().isEqualTo(EXPIRED_ERROR);
    CliRun pr =
        runOn(
            "2026-06-01",
            "pr",
            "--repo",
            tmp.toString(),
            "--profile",
            EXPIRED,
            "--k8s-version",
            "1.34",
            "--dry-run");
    assertThat(pr.code()).isEqualTo(3);
    assertThat(pr.errLines()).first().isEqualTo(EXPIRED_ERROR);
  }

  @Test
  void anExceptionAboutToExpireWarnsOnStderrAndInTheReport() throws IOException {
    String warning =
        "exception CIS-1.12:4.2.7 (site) expires on 2026-06-20, within 30 days (owner platform-team,"
            + " ticket SEC-123): renew it or remove it";
    Path out = tmp.resolve("out");
    CliRun r =
        runOn(
            "2026-06-01",
            "generate",
            "--profile",
            SITE,
            "--k8s-version",
            "1.34",
            "--out",
            out.toString());
    r.assertOk();
    assertThat(r.errLines()).contains("warning: " + warning);
    assertThat(r.errLines()).noneMatch(l -> l.contains("CIS-1.12:1.2.5"));
    assertThat(Files.readString(out.resolve("REPORT.md"))).contains("- " + warning + "\n");
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"" + warning + "\"");

    Path quietOut = tmp.resolve("quiet");
    CliRun quiet =
        runOn(
            "2026-06-01",
            "generate",
            "-q",
            "--profile",
            SITE,
            "--k8s-version",
            "1.34",
            "--out",
            quietOut.toString());
    assertThat(quiet.code()).isZero();
    assertThat(quiet.err()).isEmpty();
    assertThat(Files.readString(quietOut.resolve("REPORT.md"))).contains("- " + warning + "\n");
  }

  @Test
  void theWarningWindowIsAnOption() {
    CliRun narrow = generateSite("--exception-warn-days", "19");
    narrow.assertOk();
    assertThat(narrow.err()).doesNotContain("CIS-1.12:4.2.7");
    CliRun wide = generateSite("--exception-warn-days", "20");
    assertThat(wide.errLines())
        .contains(
            "warning: exception CIS-1.12:4.2.7 (site) expires on 2026-06-20, within 20 days (owner"
                + " platform-team, ticket SEC-123): renew it or remove it");
    CliRun never = generateSite("--exception-warn-days", "0");
    assertThat(never.err()).doesNotContain("exception CIS-1.12");
    CliRun negative = generateSite("--exception-warn-days", "-1");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.errLines())
        .first()
        .isEqualTo("kubeharden: --exception-warn-days must be 0 or more (got -1)");
  }

  private CliRun generateSite(String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of("generate", "--profile", SITE, "--k8s-version", "1.34", "--dry-run"));
    args.addAll(java.util.List.of(more));
    return runOn("2026-06-01", args.toArray(String[]::new));
  }

  @Test
  void badDatesMissingReasonsAndRepeatedControlsAreInputErrorsAtTheirPositions() {
    String f = DIR + "bad-entries.yaml";
    CliRun r = runOn("2026-06-01", "profiles", "show", f, "--k8s-version", "1.34");
    assertThat(r.code()).isEqualTo(3);
    String date =
        ": error: disable[].expires must be a date written YYYY-MM-DD, such as 2027-01-31";
    assertThat(r.errorLines())
        .containsExactly(
            f + ":9:14" + date + " (got \"2026-02-30\")",
            f + ":12:14" + date + " (got \"31/12/2026\")",
            f + ":15:14" + date + " (got \"20261231\")",
            f + ":16:5: error: disable[] is missing required key \"reason\"",
            f
                + ":21:5: error: disable[]: control CIS-1.12:4.2.11 is listed twice (first at line 19)",
            f + ":25:12: error: disable[]: the owner must not be empty",
            f + ":26:5: error: unknown key \"tickets\" in disable[]; did you mean \"ticket\"?");
  }

  @Test
  void inventoryExceptionsOfDefaultsClustersAndPoolsExpireAtTheirOwnPositions() {
    String f = DIR + "fleet-expired.yaml";
    Path out = tmp.resolve("out");
    CliRun r = runOn("2026-06-01", "generate", "--inventory", f, "--out", out.toString());
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(3);
    String expired =
        ": error: exception CIS-1.12:4.2.7 expired on 2026-05-31: renew it with a later expires"
            + " date, or remove it";
    assertThat(r.errorLines())
        .containsExactly(
            f
                + ":6:16: error: exception: unknown control CIS-1.12:4.2.77 (no pool it applies to has"
                + " it); did you mean \"CIS-1.12:4.2.7\"?",
            f + ":13:22" + expired,
            f + ":23:22" + expired);
    assertThat(r.errLines()).last().isEqualTo("3 errors; nothing was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void inventoryExceptionEntriesAreCheckedLikeAProfilesAtEveryLevel() {
    String f = DIR + "fleet-bad-entries.yaml";
    CliRun r =
        runOn("2026-06-01", "generate", "--inventory", f, "--out", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(3);
    String date =
        ": error: exception.expires must be a date written YYYY-MM-DD, such as 2027-01-31";
    assertThat(r.errorLines())
        .containsExactly(
            f + ":7:16" + date + " (got \"2026-6-30\")",
            f + ":11:9: error: exception is missing required key \"reason\"",
            f + ":18:22" + date + " (got \"tomorrow\")");
  }

  @Test
  void anInventoryExceptionAboutToExpireWarnsOncePerFleet() {
    CliRun r =
        runOn(
            "2026-06-01",
            "generate",
            "--inventory",
            DIR + "fleet.yaml",
            "--out",
            tmp.resolve("out").toString());
    r.assertOk();
    assertThat(r.errLines())
        .filteredOn(l -> l.contains("exception "))
        .containsExactly(
            "warning: exception CIS-1.12:4.2.12 (inventory) expires on 2026-06-15, within 30 days"
                + " (owner payments, ticket PAY-7): renew it or remove it");
  }
}
