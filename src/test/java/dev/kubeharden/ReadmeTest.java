package dev.kubeharden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.app.ValidateService;
import dev.kubeharden.cli.Cli;
import dev.kubeharden.model.KubeVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Keeps the README true: its annotated profile is valid, and every command and generate option is
 * documented.
 */
class ReadmeTest {
  private static String readme() throws IOException {
    return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
  }

  @Test
  void annotatedProfileIsValid(@TempDir Path tmp) throws IOException {
    Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme());
    assertThat(m.find()).as("README has a yaml block").isTrue();
    Path site = tmp.resolve("site.yaml");
    Files.writeString(site, m.group(1), StandardCharsets.UTF_8);
    ValidateService validate =
        new ValidateService(
            dev.kubeharden.model.ExpiryPolicy.at(
                dev.kubeharden.testing.CliRun.clockOn(dev.kubeharden.testing.CliRun.TODAY), 30));
    assertThat(validate.validate(site, new KubeVersion(33))).isEqualTo("HardeningProfile");
  }

  @Test
  void everyCommandAndGenerateOptionIsDocumented() throws IOException {
    String readme = readme();
    CommandLine cl =
        Cli.newCommandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (String name : cl.getSubcommands().keySet()) {
      if (!name.equals("help")) {
        assertThat(readme).as("README documents command %s", name).contains("### " + name);
      }
    }
    for (OptionSpec o : cl.getSubcommands().get("generate").getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--stacktrace")) {
        assertThat(readme)
            .as("README documents generate %s", o.longestName())
            .contains(o.longestName());
      }
    }
  }

  @Test
  void exitCodeTableMatchesHelpRowByRow() throws IOException {
    String readme = readme();
    int start = readme.indexOf("### Exit codes");
    assertThat(start).as("README has an Exit codes section").isPositive();
    java.util.List<String> table =
        readme.substring(start).lines().filter(l -> l.matches("\\| \\d \\| .* \\|")).toList();
    dev.kubeharden.testing.CliRun help = dev.kubeharden.testing.CliRun.run("--help");
    assertThat(help.code()).isZero();
    java.util.List<String> footer =
        help.out()
            .lines()
            .dropWhile(l -> !l.equals("Exit codes:"))
            .skip(1)
            .filter(l -> l.matches("  \\d  .*"))
            .toList();
    assertThat(footer).hasSize(5);
    java.util.List<String> asRows =
        footer.stream().map(l -> "| " + l.charAt(2) + " | " + l.substring(5) + " |").toList();
    assertThat(table).as("README exit-code rows").containsExactlyElementsOf(asRows);
  }
}
