package dev.kubeharden.cli;

import static dev.kubeharden.testing.CliRun.runOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kubeharden exceptions}: every exception of a resolution or a fleet, in force, shadowed or
 * unused, with owner, ticket, expiry and where it is declared; text and json.
 */
class ExceptionsCommandTest {
  private static final String DIR = ExceptionExpiryTest.DIR;
  private static final String SITE = DIR + "site.yaml";

  @Test
  void listsEveryExceptionOfAProfileInForceShadowedAndUnused() {
    CliRun r = runOn("2026-06-01", "exceptions", "--profile", SITE, "--k8s-version", "1.34");
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            """
            exceptions of site for Kubernetes 1.34, on 2026-06-01

            CIS-1.12:1.2.5 (Ensure that the --kubelet-certificate-authority argument is set as appropriate)
              status:   shadowed: the control is disabled again by site at %1$s:19:5
              reason:   --kubelet-certificate-authority breaks kubectl exec, logs and port-forward \
            while kubelets serve self-signed certificates. Re-enable it (and set \
            cluster.apiServer.kubeletCertificateAuthority) once kubelet serving certificates are signed \
            by the cluster CA (serverTLSBootstrap with a CSR approver).
              owner:    -
              ticket:   -
              expires:  never
              declared: profiles/cis-1.12.yaml:556:5 (cis-1.12)

            CIS-1.12:4.2.7 (Ensure that the --hostname-override argument is not set)
              status:   in force
              reason:   The cloud provider sets --hostname-override to the instance name.
              owner:    platform-team
              ticket:   SEC-123
              expires:  2026-06-20 (in 19 days, within the warning window)
              declared: %1$s:14:5 (site)

            CIS-1.12:1.2.5 (Ensure that the --kubelet-certificate-authority argument is set as appropriate)
              status:   in force
              reason:   Kubelet serving certificates are still self-signed.
              owner:    platform-team
              ticket:   -
              expires:  2027-01-31 (in 244 days)
              declared: %1$s:19:5 (site)

            SITE:gate (A control for Kubernetes 1.35 and later)
              status:   unused: the control applies to Kubernetes >=1.35, not 1.34
              reason:   Not rolled out yet.
              owner:    -
              ticket:   -
              expires:  never
              declared: %1$s:23:5 (site)

            4 exceptions: 2 in force, 1 shadowed, 1 unused; 1 expiring within 30 days, 0 expired
            """
                .formatted(SITE));
  }

  @Test
  void jsonCarriesTheSameFacts() throws IOException {
    CliRun r =
        runOn("2026-06-01", "exceptions", "--profile", SITE, "--k8s-version", "1.34", "-o", "json");
    assertThat(r.code()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("schema").asText()).isEqualTo("kubeharden.dev/exceptions/v1");
    assertThat(root.get("today").asText()).isEqualTo("2026-06-01");
    assertThat(root.get("summary").toString())
        .isEqualTo(
            "{\"exceptions\":4,\"inForce\":2,\"shadowed\":1,\"unused\":1,\"inForcePartly\":0,"
                + "\"expiring\":1,\"expired\":0}");
    JsonNode first = root.get("exceptions").get(0);
    assertThat(first.get("status").asText()).isEqualTo("shadowed");
    assertThat(first.get("appliesTo").get(0).get("shadowedBy").toString())
        .isEqualTo("{\"file\":\"" + SITE + "\",\"line\":19,\"column\":5}");
    JsonNode hostname = root.get("exceptions").get(1);
    assertThat(hostname.toString())
        .isEqualTo(
            "{\"control\":\"CIS-1.12:4.2.7\",\"title\":\"Ensure that the --hostname-override argument"
                + " is not set\",\"reason\":\"The cloud provider sets --hostname-override to the"
                + " instance name.\",\"owner\":\"platform-team\",\"ticket\":\"SEC-123\",\"expires\":"
                + "\"2026-06-20\",\"expired\":false,\"expiring\":true,\"declaredBy\":\"site\","
                + "\"declaredAt\":{\"file\":\""
                + SITE
                + "\",\"line\":14,\"column\":5},\"status\":\"in force\",\"appliesTo\":[{\"name\":"
                + "\"site\",\"kubernetesVersion\":\"1.34\",\"status\":\"in force\",\"why\":null,"
                + "\"shadowedBy\":null}]}");
    assertThat(root.get("exceptions").get(3).get("appliesTo").get(0).get("why").asText())
        .isEqualTo("the control applies to Kubernetes >=1.35, not 1.34");
  }

  @Test
  void anInventorysExceptionsAreListedOnceWithWhatTheyDoInEachPool() throws IOException {
    CliRun r = runOn("2026-06-01", "exceptions", "--inventory", DIR + "fleet.yaml");
    assertThat(r.code()).as("stderr: %s", r.err()).isZero();
    String f = DIR + "fleet.yaml";
    assertThat(r.out())
        .startsWith(
            "exceptions of inventory fleet.yaml (2 clusters, 3 node pools), on 2026-06-01\n")
        .contains(
            "CIS-1.12:4.2.7 (Ensure that the --hostname-override argument is not set)\n"
                + "  status:   in force [prod-eu/general]; shadowed: the control is disabled again by"
                + " inventory at "
                + f
                + ":27:22 [prod-eu/cloud]; unused: no profile applied defines the control"
                + " [prod-us/general]\n"
                + "  reason:   The cloud provider sets --hostname-override.\n"
                + "  owner:    platform-team\n"
                + "  ticket:   -\n"
                + "  expires:  2026-12-31 (in 213 days)\n"
                + "  declared: "
                + f
                + ":10:16 (inventory)\n")
        .endsWith(
            "7 exceptions: 7 in force (2 of them shadowed or unused in some pools), 0 shadowed, 0"
                + " unused; 1 expiring within 30 days, 0 expired\n");
    JsonNode root =
        new ObjectMapper()
            .readTree(
                runOn("2026-06-01", "exceptions", "--inventory", f, "--output", "json").out());
    List<String> where = new ArrayList<>();
    for (JsonNode e : root.get("exceptions")) {
      if (e.get("control").asText().equals("CIS-1.11:4.2.7")) {
        e.get("appliesTo")
            .forEach(u -> where.add(u.get("name").asText() + " " + u.get("status").asText()));
      }
    }
    assertThat(where)
        .containsExactly(
            "prod-eu/general unused", "prod-eu/cloud unused", "prod-us/general in force");
  }

  @Test
  void anExpiredExceptionIsListedFlaggedAndAnError() {
    String f = DIR + "expired.yaml";
    CliRun r = runOn("2026-06-01", "exceptions", "--profile", f, "--k8s-version", "1.34");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out())
        .contains("  expires:  2026-05-31 (EXPIRED)\n")
        .endsWith(
            "2 exceptions: 2 in force, 0 shadowed, 0 unused; 0 expiring within 30 days, 1 expired\n");
    assertThat(r.errLines())
        .containsExactly(
            f
                + ":7:5: error: exception CIS-1.12:4.2.7 expired on 2026-05-31 (owner platform-team,"
                + " ticket SEC-123): renew it with a later expires date, or remove it",
            "1 error");
  }

  @Test
  void usageErrorsAndHelp() {
    CliRun mixed =
        runOn("2026-06-01", "exceptions", "--inventory", DIR + "fleet.yaml", "--profile", "cis");
    assertThat(mixed.code()).isEqualTo(2);
    assertThat(mixed.errLines())
        .first()
        .isEqualTo(
            "kubeharden: --profile cannot be combined with --inventory (the inventory sets it per"
                + " cluster)");
    assertThat(runOn("2026-06-01", "exceptions", "-o", "yaml").code()).isEqualTo(2);
    assertThat(runOn("2026-06-01", "exceptions", "--help").out())
        .contains("  0  ok", "  3  invalid input")
        .doesNotContain("  4  drift");
  }

  @Test
  void profilesShowNamesTheOwnerTicketAndExpiryOfEachControlDisabled() {
    CliRun r = runOn("2026-06-01", "profiles", "show", SITE, "--k8s-version", "1.34");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "disabled:\n"
                + "  CIS-1.12:4.2.7: The cloud provider sets --hostname-override to the instance name."
                + "   # by site, owner platform-team, ticket SEC-123, expires 2026-06-20\n"
                + "  CIS-1.12:1.2.5: Kubelet serving certificates are still self-signed.   # by site,"
                + " owner platform-team, expires 2027-01-31\n");
  }
}
