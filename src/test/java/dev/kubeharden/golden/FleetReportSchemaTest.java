package dev.kubeharden.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.testing.CliRun;
import dev.kubeharden.testing.ShippedSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet report.json is valid against the shipped fleet-report schema, and the fleet counts a
 * pool's controls as the pool's own REPORT.md does.
 */
class FleetReportSchemaTest {
  @Test
  void fleetReportIsValidAndCountsLikeEachPoolsReport(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    CliRun r =
        CliRun.run(
            "generate",
            "--inventory",
            "src/test/resources/fleet/golden/inventory.yaml",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String json = Files.readString(out.resolve("report.json"));
    ShippedSchemas.assertValid("fleet-report", json, "the fleet report.json");
    assertThat(json).startsWith("{\n  \"schema\": \"kubeharden.dev/fleet-report/v1\",");
    String fleet = Files.readString(out.resolve("REPORT.md"));
    for (String pool : new String[] {"prod-eu/general", "prod-eu/cloud", "prod-us/batch"}) {
      Matcher m =
          Pattern.compile("## Controls applied \\((\\d+)\\)")
              .matcher(Files.readString(out.resolve(pool).resolve("REPORT.md")));
      assertThat(m.find()).isTrue();
      String name = pool.substring(pool.indexOf('/') + 1);
      assertThat(fleet)
          .containsPattern(
              "\\| " + name + " \\| config-\\d \\| [^|]+ \\| [0-9.]+ \\| " + m.group(1) + " \\|");
      ShippedSchemas.assertValid(
          "report", Files.readString(out.resolve(pool).resolve("report.json")), pool);
    }
  }
}
