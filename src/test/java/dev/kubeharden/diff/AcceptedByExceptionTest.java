package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * What a node breaks of a control an exception switched off is listed in every format as accepted
 * by that exception (its owner, ticket, expiry and reason), as SARIF lists it as a suppressed
 * result, and never counted as drift or by --fail-on.
 */
class AcceptedByExceptionTest {
  private static final String PROFILE = "src/test/resources/exceptions/sarif.yaml";
  private static final String CONFIG = "out/standalone/var/lib/kubelet/config.yaml";

  private static CliRun diff(String format) {
    return CliRun.runOn(
        "2026-06-01",
        "diff",
        "--profile",
        PROFILE,
        "--k8s-version",
        "1.34",
        "--kubelet-config",
        CONFIG,
        "--kubelet-args",
        "/usr/bin/kubelet --config=" + CONFIG + " --hostname-override=node-a",
        "--format",
        format);
  }

  @Test
  void textListsTheAcceptedFindingWithItsException() {
    CliRun r = diff("text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("no drift")
        .contains("  accepted: CIS-1.12:4.2.7 --hostname-override = node-a (flag --kubelet-args:1:")
        .contains(
            "accepted by exception (owner platform-team, ticket SEC-123, expires 2027-01-31;"
                + " declared by sarif): The cloud provider sets --hostname-override to the"
                + " instance name.");
  }

  @Test
  void jsonHasAnAcceptedArrayAndCountsItApart() throws IOException {
    CliRun r = diff("json");
    assertThat(r.code()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("drift").asBoolean()).isFalse();
    assertThat(root.get("summary").get("findings").asInt()).isZero();
    assertThat(root.get("summary").get("accepted").asInt()).isEqualTo(1);
    JsonNode a = root.get("accepted").get(0);
    assertThat(a.get("node").asText()).isEqualTo("node");
    assertThat(a.get("control").asText()).isEqualTo("CIS-1.12:4.2.7");
    assertThat(a.get("field").asText()).isEqualTo("--hostname-override");
    assertThat(a.get("current").asText()).isEqualTo("node-a");
    JsonNode e = a.get("exception");
    assertThat(e.get("reason").asText())
        .isEqualTo("The cloud provider sets --hostname-override to the instance name.");
    assertThat(e.get("owner").asText()).isEqualTo("platform-team");
    assertThat(e.get("ticket").asText()).isEqualTo("SEC-123");
    assertThat(e.get("expires").asText()).isEqualTo("2027-01-31");
    assertThat(e.get("declaredBy").asText()).isEqualTo("sarif");
    assertThat(root.get("findings")).isEmpty();
  }

  @Test
  void markdownListsItUnderAcceptedByException() {
    CliRun r = diff("markdown");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("**No drift** on 1 node.")
        .contains("<details><summary>1 accepted by exception</summary>")
        .contains("- CIS-1.12:4.2.7: `--hostname-override` is `node-a` (flag --kubelet-args:1:")
        .contains("owner platform-team, ticket SEC-123, expires 2027-01-31");
  }

  @Test
  void junitHasASkippedCaseForTheAcceptedControl() throws Exception {
    CliRun r = diff("junit");
    assertThat(r.code()).isZero();
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(r.out())));
    NodeList cases = doc.getElementsByTagName("testcase");
    Element accepted = null;
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").startsWith("CIS-1.12:4.2.7 ")) {
        accepted = c;
      }
    }
    assertThat(accepted).as("a test case for the accepted control").isNotNull();
    Element skipped = (Element) accepted.getElementsByTagName("skipped").item(0);
    assertThat(skipped.getAttribute("message"))
        .startsWith(
            "accepted by exception (owner platform-team, ticket SEC-123, expires 2027-01-31");
    assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
    javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(java.nio.file.Path.of("src/test/resources/junit/junit-10.xsd").toFile())
        .newValidator()
        .validate(new javax.xml.transform.stream.StreamSource(new StringReader(r.out())));
  }
}
