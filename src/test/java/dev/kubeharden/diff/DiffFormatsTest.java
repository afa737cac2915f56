package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kubeharden.model.Node;
import dev.kubeharden.testing.CliRun;
import dev.kubeharden.yaml.YamlLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Every output format of diff, on the same fixtures: parsed back and checked, SARIF against the
 * official schema.
 */
class DiffFormatsTest {
  private static final String SYSTEMD = "src/test/resources/diff/systemd-flag-undoes";
  private static final String KUBEADM = "src/test/resources/diff/kubeadm";

  @TempDir Path tmp;

  private static CliRun diff(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("diff"));
    all.addAll(List.of(args));
    return CliRun.run(all);
  }

  private static Node.MapNode json(String text) {
    return (Node.MapNode) YamlLoader.load("json", text);
  }

  private static String text(Node n) {
    return ((Node.Scalar) n).text();
  }

  @Test
  void jsonHasFindingsAndPassingWithEveryDocumentedKey() {
    CliRun r = diff("--kubelet-config", SYSTEMD, "--format", "json");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).isEmpty();
    Node.MapNode root = json(r.out());
    assertThat(root.entries().keySet())
        .containsExactly(
            "schema",
            "profile",
            "kubernetesVersion",
            "drift",
            "summary",
            "findings",
            "passing",
            "notChecked",
            "nodes",
            "accepted");
    assertThat(text(root.get("schema"))).isEqualTo("kubeharden.dev/diff/v1");
    List<Node> findings = ((Node.SeqNode) root.get("findings")).items();
    assertThat(findings).hasSize(2);
    Node.MapNode first = (Node.MapNode) findings.get(0);
    assertThat(first.entries().keySet())
        .containsExactly(
            "node",
            "controls",
            "field",
            "kind",
            "current",
            "source",
            "location",
            "hardened",
            "requirements",
            "severity",
            "fixedBy",
            "action");
    assertThat(text(first.get("field"))).isEqualTo("authorization.mode");
    assertThat(text(first.get("current"))).isEqualTo("AlwaysAllow");
    assertThat(text(first.get("source"))).isEqualTo("flag");
    assertThat(text(first.get("hardened"))).isEqualTo("Webhook");
    assertThat(text(first.get("severity"))).isEqualTo("critical");
    Node.MapNode loc = (Node.MapNode) first.get("location");
    assertThat(text(loc.get("file"))).isEqualTo(SYSTEMD + "/30-debug.conf");
    assertThat(text(loc.get("line"))).isEqualTo("2");
    assertThat(text(loc.get("column"))).isEqualTo("56");
    assertThat(((Node.SeqNode) first.get("fixedBy")).items())
        .extracting(DiffFormatsTest::text)
        .containsExactly("/etc/systemd/system/kubelet.service.d/20-kubeharden.conf");
    Node.MapNode second = (Node.MapNode) findings.get(1);
    assertThat(text(second.get("field"))).isEqualTo("readOnlyPort");
    assertThat(((Node.Scalar) second.get("current")).tag()).isEqualTo("int");
    List<Node> passing = ((Node.SeqNode) root.get("passing")).items();
    assertThat(passing)
        .extracting(n -> text(((Node.MapNode) n).get("id")))
        .contains("CIS-1.12:4.2.1", "SEED:4")
        .doesNotContain("CIS-1.12:4.2.2", "CIS-1.12:4.2.4");
  }

  @Test
  void sarifIsValidAgainstTheOfficialSchemaAndLocatesTheFlag() throws IOException {
    String schemaText =
        Files.readString(Path.of("src/test/resources/sarif/sarif-schema-2.1.0-rtm.5.json"));
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(schemaText, InputFormat.JSON);
    assertThat(schema.validate("{\"version\": \"2.0\", \"runs\": [{}]}", InputFormat.JSON))
        .as("the schema rejects a broken log")
        .isNotEmpty();
    for (String node :
        List.of(SYSTEMD, KUBEADM, "src/test/resources/diff/legacy-flags", "out/node")) {
      CliRun r = diff("--kubelet-config", node, "--format", "sarif");
      List<Error> errors = schema.validate(r.out(), InputFormat.JSON);
      assertThat(errors).as("SARIF of %s", node).isEmpty();
    }
    CliRun r = diff("--kubelet-config", SYSTEMD, "--format", "sarif");
    assertThat(r.out())
        .contains(
            "\"version\": \"2.1.0\"", "\"ruleId\": \"CIS-1.12:4.2.2\"", "\"level\": \"error\"")
        .contains(
            "\"uri\": \"" + SYSTEMD + "/30-debug.conf\"",
            "\"startLine\": 2",
            "\"startColumn\": 56");
  }

  @Test
  void junitHasOneCasePerControlAndFailuresForDrift() throws Exception {
    CliRun r = diff("--kubelet-config", SYSTEMD, "--format", "junit");
    assertThat(r.code()).isEqualTo(4);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
    NodeList cases = doc.getElementsByTagName("testcase");
    NodeList failures = doc.getElementsByTagName("failure");
    assertThat(cases.getLength()).isEqualTo(47);
    assertThat(failures.getLength()).isEqualTo(4);
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("4");
    // xUnit's schema has no skipped count on <testsuites>: it is per <testsuite>.
    assertThat(doc.getDocumentElement().hasAttribute("skipped")).isFalse();
    assertThat(
            ((org.w3c.dom.Element) doc.getElementsByTagName("testsuite").item(0))
                .getAttribute("skipped"))
        .isEqualTo("29");
    assertThat(failures.item(0).getTextContent())
        .contains("readOnlyPort is 10255", "30-debug.conf:2:33");
  }

  @Test
  void junitIsValidAgainstTheXunitPluginSchema() throws Exception {
    javax.xml.validation.Validator validator =
        javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
            .newSchema(Path.of("src/test/resources/junit/junit-10.xsd").toFile())
            .newValidator();
    assertThatThrownBy(
            () ->
                validator.validate(
                    new javax.xml.transform.stream.StreamSource(
                        new java.io.StringReader(
                            "<testsuites><testcase name=\"x\"/></testsuites>"))))
        .as("the schema rejects a broken report")
        .isInstanceOf(org.xml.sax.SAXException.class);
    Path fleet = tmp.resolve("fleet");
    for (String n : List.of("a", "b")) {
      Files.createDirectories(fleet.resolve(n));
      Files.copy(Path.of(KUBEADM, "config.yaml"), fleet.resolve(n).resolve("config.yaml"));
    }
    for (String node :
        List.of(
            SYSTEMD,
            KUBEADM,
            "src/test/resources/diff/legacy-flags",
            "src/test/resources/diff/configz",
            "out/node",
            fleet.toString())) {
      CliRun r = diff("--kubelet-config", node, "--format", "junit");
      assertThat(r.code()).as(node).isIn(0, 4);
      validator.validate(
          new javax.xml.transform.stream.StreamSource(new java.io.StringReader(r.out())));
    }
  }

  @Test
  void markdownIsAPullRequestBodyWithTheTableAndThePatch() {
    CliRun r = diff("--kubelet-config", SYSTEMD, "--format", "markdown", "--patch");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .startsWith(
            "## kubeharden diff: `cis` for Kubernetes 1.36\n\n**1 of 1 node drift: 2 findings** (1 critical, 1 high).\n")
        .contains("| Severity | Field | Current | Source | Hardened | Controls | Fix |")
        .contains(
            "| critical | `authorization.mode` | `AlwaysAllow` | flag "
                + SYSTEMD
                + "/30-debug.conf:2:56 |")
        .contains("<details><summary>14 controls pass</summary>")
        .doesNotContain("```diff"); // the hardened file is already in place: the patch is empty
  }

  @Test
  void patchShowsTheChangeFromTheKubeadmFileToTheHardenedOne() {
    CliRun r = diff("--kubelet-config", KUBEADM, "--patch");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out())
        .contains("--- a/var/lib/kubelet/config.yaml\n+++ b/var/lib/kubelet/config.yaml\n")
        .contains("-streamingConnectionIdleTimeout: 0s\n")
        .contains("+readOnlyPort: 0  # SEED:1, CIS-1.12:4.2.4\n");
  }

  @Test
  void patchWithoutAConfigFileStartsFromDevNull() {
    CliRun r =
        diff(
            "--kubelet-config",
            "src/test/resources/diff/legacy-flags",
            "--patch",
            "--format",
            "json");
    assertThat(r.out())
        .contains("\"patch\": \"--- /dev/null\\n+++ b/var/lib/kubelet/config.yaml\\n");
  }

  @Test
  void dashOWithAFormatNameIsAUsageErrorNotAFileNamedJson() {
    // kubectl users write -o json; diff's -o is the report file.
    CliRun r = diff("--kubelet-config", SYSTEMD, "-o", "json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith(
            "kubeharden: -o/--output takes a FILE (got 'json'); for the format use --format json\n");
    assertThat(Path.of("json")).doesNotExist();
    assertThat(diff("--kubelet-config", SYSTEMD, "-o", "yaml").err()).contains("--format json");
  }

  @Test
  void textHasNoColourWhenNotATerminalAndOutputGoesToAFile() throws IOException {
    Path out = tmp.resolve("report.txt");
    CliRun r = diff("--kubelet-config", SYSTEMD, "--output", out.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("wrote " + out + "\n");
    String text = Files.readString(out);
    assertThat(text)
        .doesNotContain("\u001b[")
        .isEqualTo(Files.readString(Path.of(SYSTEMD, "expected", "out")));
  }
}
