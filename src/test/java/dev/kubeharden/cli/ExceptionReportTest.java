package dev.kubeharden.cli;

import static dev.kubeharden.testing.CliRun.runOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exceptions in the bundle's REPORT.md (a table) and report.json, and in the fleet report: owner,
 * ticket, expiry, who declared each one and what it did (in force, shadowed, unused).
 */
class ExceptionReportTest {
  private static final String DIR = ExceptionExpiryTest.DIR;
  private static final String CA_TITLE =
      "Ensure that the --kubelet-certificate-authority argument is set as appropriate";

  @TempDir static Path tmp;

  @BeforeAll
  static void generate() {
    CliRun site =
        runOn(
            "2026-06-01",
            "generate",
            "--profile",
            DIR + "site.yaml",
            "--k8s-version",
            "1.34",
            "--out",
            tmp.resolve("site").toString());
    site.assertOk();
    CliRun fleet =
        runOn(
            "2026-06-01",
            "generate",
            "--inventory",
            DIR + "fleet.yaml",
            "--out",
            tmp.resolve("fleet").toString());
    fleet.assertOk();
  }

  private static List<String> tableRows(Path report, String heading) throws IOException {
    List<String> rows = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(report)) {
      if (line.startsWith("## ")) {
        in = line.equals("## " + heading);
      } else if (in && line.startsWith("| ") && !line.startsWith("| Control |")) {
        rows.add(line);
      }
    }
    return rows;
  }

  @Test
  void reportMdHasATableOfEveryExceptionWithOwnerTicketExpiryAndStatus() throws IOException {
    Path md = tmp.resolve("site/REPORT.md");
    assertThat(tableRows(md, "Exceptions"))
        .containsExactly(
            "| CIS-1.12:1.2.5 | "
                + CA_TITLE
                + " | --kubelet-certificate-authority breaks kubectl exec, logs and port-forward while"
                + " kubelets serve self-signed certificates. Re-enable it (and set"
                + " cluster.apiServer.kubeletCertificateAuthority) once kubelet serving certificates are"
                + " signed by the cluster CA (serverTLSBootstrap with a CSR approver). | - | - | - |"
                + " cis-1.12 | shadowed: the control is disabled again by site |",
            "| CIS-1.12:4.2.7 | Ensure that the --hostname-override argument is not set | The cloud"
                + " provider sets --hostname-override to the instance name. | platform-team | SEC-123 |"
                + " 2026-06-20 | site | in force |",
            "| CIS-1.12:1.2.5 | "
                + CA_TITLE
                + " | Kubelet serving certificates are still self-signed. | platform-team | - |"
                + " 2027-01-31 | site | in force |",
            "| SITE:gate | A control for Kubernetes 1.35 and later | Not rolled out yet. | - | - | - |"
                + " site | unused: the control applies to Kubernetes >=1.35, not 1.34 |");
    assertThat(tableRows(md, "Controls not applicable"))
        .containsExactly(
            "| SITE:gate | A control for Kubernetes 1.35 and later | applies to Kubernetes >=1.35,"
                + " generating for 1.34 |");
  }

  @Test
  void reportJsonListsTheControlsDisabledAndEveryException() throws IOException {
    JsonNode root = new ObjectMapper().readTree(tmp.resolve("site/report.json").toFile());
    JsonNode disabled = root.get("disabled");
    assertThat(disabled).hasSize(2);
    assertThat(disabled.get(0).toString())
        .isEqualTo(
            "{\"id\":\"CIS-1.12:4.2.7\",\"title\":\"Ensure that the --hostname-override argument is"
                + " not set\",\"reason\":\"The cloud provider sets --hostname-override to the instance"
                + " name.\",\"disabledBy\":\"site\",\"owner\":\"platform-team\",\"ticket\":\"SEC-123\","
                + "\"expires\":\"2026-06-20\"}");
    assertThat(disabled.get(1).get("reason").asText())
        .isEqualTo("Kubelet serving certificates are still self-signed.");
    assertThat(disabled.get(1).get("ticket").isNull()).isTrue();
    JsonNode exceptions = root.get("exceptions");
    List<String> summary = new ArrayList<>();
    exceptions.forEach(
        e ->
            summary.add(
                e.get("id").asText()
                    + " "
                    + e.get("declaredBy").asText()
                    + " "
                    + e.get("status").asText()
                    + " "
                    + e.get("expires").asText()
                    + " "
                    + e.get("why").asText()));
    assertThat(summary)
        .containsExactly(
            "CIS-1.12:1.2.5 cis-1.12 shadowed null the control is disabled again by site",
            "CIS-1.12:4.2.7 site in force 2026-06-20 null",
            "CIS-1.12:1.2.5 site in force 2027-01-31 null",
            "SITE:gate site unused null the control applies to Kubernetes >=1.35, not 1.34");
  }

  @Test
  void aPoolReportShowsTheInventoryExceptionsOfItsDefaultsClusterAndPool() throws IOException {
    assertThat(tableRows(tmp.resolve("fleet/prod-eu/cloud/REPORT.md"), "Exceptions"))
        .extracting(ExceptionReportTest::idByAndStatus)
        .containsExactly(
            "CIS-1.12:1.2.5 | cis-1.12 | in force",
            "CIS-1.11:4.2.7 | inventory | unused: no profile applied defines the control",
            "CIS-1.12:4.2.7 | inventory | shadowed: the control is disabled again by inventory",
            "CIS-1.12:4.2.12 | inventory | in force",
            "CIS-1.12:4.2.7 | inventory | in force");
    assertThat(tableRows(tmp.resolve("fleet/prod-us/general/REPORT.md"), "Exceptions"))
        .extracting(ExceptionReportTest::idByAndStatus)
        .containsExactly(
            "CIS-1.11:4.2.15 | cis-1.11 | in force",
            "CIS-1.11:1.2.5 | cis-1.11 | in force",
            "CIS-1.11:4.2.7 | inventory | in force",
            "CIS-1.12:4.2.7 | inventory | unused: no profile applied defines the control");
  }

  /** "id | declared by | status" of an Exceptions table row. */
  private static String idByAndStatus(String row) {
    String[] cells = row.substring(2, row.length() - 2).split(" \\| ", -1);
    return cells[0] + " | " + cells[6] + " | " + cells[7];
  }

  @Test
  void theFleetReportGivesEachPoolsExceptionsWithOwnerTicketAndExpiry() throws IOException {
    String md = Files.readString(tmp.resolve("fleet/REPORT.md"));
    assertThat(md)
        .contains(
            "| cloud | config-2 | cis | 1.33 | 43 | CIS-1.12:4.2.12: A client needs a CBC cipher until it"
                + " is upgraded. (owner payments, ticket PAY-7, expires 2026-06-15); CIS-1.12:4.2.7:"
                + " This pool's provider overrides the hostname too. (ticket OPS-9) | - | 5 |");
    JsonNode root = new ObjectMapper().readTree(tmp.resolve("fleet/report.json").toFile());
    JsonNode cloud = root.get("clusters").get(0).get("nodePools").get(1);
    assertThat(cloud.get("name").asText()).isEqualTo("cloud");
    assertThat(cloud.get("excepted").get(0).toString())
        .isEqualTo(
            "{\"id\":\"CIS-1.12:4.2.12\",\"title\":\"Ensure that the Kubelet only makes use of Strong"
                + " Cryptographic Ciphers\",\"reason\":\"A client needs a CBC cipher until it is"
                + " upgraded.\",\"owner\":\"payments\",\"ticket\":\"PAY-7\",\"expires\":\"2026-06-15\"}");
  }

  @Test
  void aClustersExceptionMaySwitchOffAClusterControlForEveryPool() throws IOException {
    Path inv = tmp.resolve("mesh.yaml");
    Files.writeString(
        inv,
        """
        apiVersion: kubeharden.dev/v1alpha1
        kind: Inventory
        clusters:
          - name: mesh
            kubernetesVersion: "1.33"
            exceptions:
              - control: CIS-1.12:4.3.1
                reason: kube-proxy is replaced by the mesh.
            nodePools:
              - name: a
              - name: b
        """);
    Path out = tmp.resolve("mesh");
    CliRun r =
        runOn("2026-06-01", "generate", "--inventory", inv.toString(), "--out", out.toString());
    r.assertOk();
    for (String pool : List.of("a", "b")) {
      assertThat(tableRows(out.resolve("mesh/" + pool + "/REPORT.md"), "Exceptions"))
          .extracting(ExceptionReportTest::idByAndStatus)
          .contains("CIS-1.12:4.3.1 | inventory | in force");
    }
  }
}
