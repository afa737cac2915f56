package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kubeharden.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A control switched off by an exception still shows in diff's SARIF where the node breaks it: as a
 * result with a suppression (kind external, status accepted, the reason as justification), so code
 * scanning lists it as suppressed instead of failing. It is not drift.
 */
class ExceptionSarifTest {
  private static final String PROFILE = "src/test/resources/exceptions/sarif.yaml";
  private static final String CONFIG = "out/standalone/var/lib/kubelet/config.yaml";

  private static CliRun diff(String format, String args) {
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
        "/usr/bin/kubelet --config=" + CONFIG + args,
        "--format",
        format);
  }

  @Test
  void aDisabledControlTheNodeBreaksIsASuppressedResultWithTheReasonAsJustification()
      throws IOException {
    CliRun r = diff("sarif", " --hostname-override=node-a");
    assertThat(r.code()).as("suppressed results are not drift; stderr: %s", r.err()).isZero();
    JsonNode run = new ObjectMapper().readTree(r.out()).get("runs").get(0);
    List<JsonNode> results = new ArrayList<>();
    run.get("results").forEach(results::add);
    assertThat(results).extracting(n -> n.get("ruleId").asText()).containsExactly("CIS-1.12:4.2.7");
    JsonNode result = results.get(0);
    assertThat(result.get("suppressions").toString())
        .isEqualTo(
            "[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":\"The cloud provider"
                + " sets --hostname-override to the instance name.\",\"properties\":{\"declaredBy\":"
                + "\"sarif\",\"owner\":\"platform-team\",\"ticket\":\"SEC-123\",\"expires\":"
                + "\"2027-01-31\"}}]");
    assertThat(result.get("level").asText()).isEqualTo("warning");
    assertThat(result.get("message").get("text").asText())
        .startsWith("node node: --hostname-override is node-a (flag");
    JsonNode rule = run.get("tool").get("driver").get("rules").get(result.get("ruleIndex").asInt());
    assertThat(rule.get("id").asText()).isEqualTo("CIS-1.12:4.2.7");

    String schemaText =
        Files.readString(Path.of("src/test/resources/sarif/sarif-schema-2.1.0-rtm.5.json"));
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(schemaText, InputFormat.JSON);
    assertThat(schema.validate(r.out(), InputFormat.JSON)).isEmpty();
  }

  @Test
  void aDisabledControlTheNodeMeetsHasNoResultAndTheTextReportHasNoDrift() throws IOException {
    CliRun sarif = diff("sarif", "");
    assertThat(sarif.code()).isZero();
    assertThat(new ObjectMapper().readTree(sarif.out()).get("runs").get(0).get("results"))
        .isEmpty();
    CliRun text = diff("text", " --hostname-override=node-a");
    assertThat(text.code()).isZero();
    assertThat(text.out())
        .contains("no drift")
        .contains("  accepted: CIS-1.12:4.2.7 --hostname-override = node-a");
  }
}
