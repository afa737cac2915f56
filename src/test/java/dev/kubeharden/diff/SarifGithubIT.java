package dev.kubeharden.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.model.Node;
import dev.kubeharden.testing.CliRun;
import dev.kubeharden.yaml.YamlLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diff's SARIF through Microsoft's SARIF multitool ({@code @microsoft/sarif-multitool} from npm,
 * which .ci/run installs and names in SARIF_MULTITOOL) with the SARIF rules and GitHub's ingestion
 * rules ({@code --rule-kind Gh;Sarif}): no error and no warning. Skipped, saying so, where the tool
 * is not installed.
 */
class SarifGithubIT {
  private static Path tool;

  @TempDir Path tmp;

  @BeforeAll
  static void findTool() {
    String env = System.getenv("SARIF_MULTITOOL");
    Assumptions.assumeTrue(
        env != null && Files.isExecutable(Path.of(env)),
        "SARIF_MULTITOOL does not name the sarif-multitool binary (.ci/run installs it from npm)");
    tool = Path.of(env);
  }

  /**
   * The errors and warnings the multitool reports for the logs (one run of the tool for all), as
   * "RULE message".
   */
  private List<String> problems(List<String> logs) throws IOException, InterruptedException {
    Path out = tmp.resolve("out.sarif");
    Files.deleteIfExists(out);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                tool.toString(),
                "validate",
                "--rule-kind",
                "Gh;Sarif",
                "--level",
                "Error;Warning",
                "--output",
                out.toString()));
    for (int i = 0; i < logs.size(); i++) {
      Path in =
          Files.writeString(tmp.resolve("in" + i + ".sarif"), logs.get(i), StandardCharsets.UTF_8);
      cmd.add(in.toString());
    }
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("log.txt").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the multitool finishes").isTrue();
    assertThat(out).as(Files.readString(tmp.resolve("log.txt"))).isRegularFile();
    // The multitool's messages end lines with \r\n, which kubeharden's own reader refuses in
    // values; the line ends do not matter to what is checked here.
    Node.MapNode log =
        (Node.MapNode) YamlLoader.load("out.sarif", Files.readString(out).replace("\\r", ""));
    Node.MapNode run = (Node.MapNode) ((Node.SeqNode) log.get("runs")).items().get(0);
    List<String> found = new ArrayList<>();
    if (run.get("results") instanceof Node.SeqNode results) {
      for (Node r : results.items()) {
        Node.MapNode m = (Node.MapNode) r;
        String level = m.get("level") == null ? "warning" : ((Node.Scalar) m.get("level")).text();
        if (level.equals("error") || level.equals("warning")) {
          Node.MapNode message = (Node.MapNode) m.get("message");
          found.add(
              ((Node.Scalar) m.get("ruleId")).text()
                  + ": "
                  + (message.get("text") == null
                      ? message
                      : ((Node.Scalar) message.get("text")).text()));
        }
      }
    }
    return found;
  }

  private static String show(Node n) {
    if (n instanceof Node.Scalar s) {
      return s.text();
    }
    if (n instanceof Node.SeqNode q) {
      return q.items().stream().map(SarifGithubIT::show).toList().toString();
    }
    if (n instanceof Node.MapNode m) {
      return m.entries().values().stream().map(e -> show(e.value())).toList().toString();
    }
    return "";
  }

  @Test
  void theToolRejectsARuleWithoutHelp() throws Exception {
    String bare =
        "{\"version\": \"2.1.0\", \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\","
            + " \"runs\": [{\"tool\": {\"driver\": {\"name\": \"x\", \"version\": \"1\","
            + " \"rules\": [{\"id\": \"X1\", \"shortDescription\": {\"text\": \"x.\"}}]}},"
            + " \"results\": [{\"ruleId\": \"X1\", \"level\": \"error\", \"message\": {\"text\":"
            + " \"x.\"}}]}]}";
    assertThat(problems(List.of(bare))).anyMatch(p -> p.startsWith("GH"));
  }

  @Test
  void everyReportPassesGithubsIngestionRules() throws Exception {
    List<String> logs = new ArrayList<>();
    Path fleet = tmp.resolve("fleet");
    for (String n : List.of("a", "b")) {
      Files.createDirectories(fleet.resolve(n));
      Files.copy(
          Path.of("src/test/resources/diff/kubeadm/config.yaml"),
          fleet.resolve(n).resolve("config.yaml"));
    }
    for (String node :
        List.of(
            "src/test/resources/diff/systemd-flag-undoes",
            "src/test/resources/diff/kubeadm",
            "src/test/resources/diff/legacy-flags",
            "src/test/resources/diff/configz",
            "out/node",
            fleet.toString())) {
      CliRun r = CliRun.run("diff", "--kubelet-config", node, "--format", "sarif");
      assertThat(r.code()).as(node).isIn(0, 4);
      logs.add(r.out());
    }
    // a result an exception suppresses (suppressions: external, accepted, the reason)
    String config = "out/standalone/var/lib/kubelet/config.yaml";
    CliRun suppressed =
        CliRun.run(
            "diff",
            "--profile",
            "src/test/resources/exceptions/sarif.yaml",
            "--k8s-version",
            "1.34",
            "--kubelet-config",
            config,
            "--kubelet-args",
            "/usr/bin/kubelet --config=" + config + " --hostname-override=node-a",
            "--format",
            "sarif");
    assertThat(suppressed.out()).contains("\"suppressions\"");
    logs.add(suppressed.out());
    assertThat(problems(logs)).isEmpty();
  }
}
