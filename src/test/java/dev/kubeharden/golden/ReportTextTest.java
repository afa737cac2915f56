package dev.kubeharden.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.app.GenerateService;
import dev.kubeharden.model.KubeVersion;
import dev.kubeharden.profile.ProfileCatalog;
import dev.kubeharden.profile.ResolveRequest;
import dev.kubeharden.render.Templates;
import dev.kubeharden.target.Targets;
import dev.kubeharden.testing.ShippedSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an auditor reads: for every shipped profile (and the cis alias at every supported minor),
 * REPORT.md and report.json hold no template text (an unresolved {@code ${...}}) and no HTML escape
 * (an entity such as the one for a less-than sign), REPORT.md says who set each value, and
 * report.json is valid against the schema shipped in the jar.
 */
class ReportTextTest {
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);");

  static Stream<String[]> cases() {
    List<String[]> out = new ArrayList<>();
    for (String name : new ProfileCatalog().shippedNames()) {
      out.add(new String[] {name, KubeVersion.DEFAULT.toString()});
    }
    for (int m = KubeVersion.OLDEST_SUPPORTED.minor();
        m <= KubeVersion.NEWEST_SUPPORTED.minor();
        m++) {
      out.add(new String[] {ProfileCatalog.CIS_ALIAS, "1." + m});
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} for {1}")
  @MethodSource("cases")
  void reportsHoldNoTemplateTextNorHtmlEscapes(String profile, String minor) {
    GenerateService service = new GenerateService(new ProfileCatalog(), new Templates(null));
    ResolveRequest request = ResolveRequest.of(List.of(profile), KubeVersion.parseOrNull(minor));
    for (List<String> targets : List.of(List.of(Targets.NODE), Targets.names())) {
      var files = service.build(request, targets).bundle().files();
      String md = files.get("REPORT.md");
      String json = files.get("report.json");
      assertThat(md).as("REPORT.md of %s %s %s", profile, minor, targets).doesNotContain("${");
      assertThat(json).as("report.json of %s %s", profile, minor).doesNotContain("${");
      assertThat(ENTITY.matcher(md).find())
          .as("an HTML entity in REPORT.md of %s %s: %s", profile, minor, find(md))
          .isFalse();
      assertThat(ENTITY.matcher(json).find()).as("an HTML entity in report.json").isFalse();
      assertThat(md)
          .contains("## Settings and who set them")
          .containsPattern(
              "\\| readOnlyPort \\| 0 \\| [a-z0-9.-]+ (control \\S+|kubelet\\.config),"
                  + " profiles/[a-z0-9.-]+\\.yaml:\\d+:\\d+ \\|");
      ShippedSchemas.assertValid("report", json, "report.json of " + profile + " " + minor);
    }
  }

  private static String find(String s) {
    var m = ENTITY.matcher(s);
    return m.find()
        ? s.substring(Math.max(0, m.start() - 40), Math.min(s.length(), m.end() + 40))
        : "";
  }
}
