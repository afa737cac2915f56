package dev.kubeharden.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeharden.app.CatalogService;
import dev.kubeharden.model.Control;
import dev.kubeharden.model.Profile;
import dev.kubeharden.testing.CliRun;
import org.junit.jupiter.api.Test;

/**
 * Every shipped control says what it checks, why (the security reason), what it can break, and
 * where it comes from (the benchmark section, upstream documentation or source), and explain shows
 * all of it.
 */
class ShippedControlsDocumentedTest {
  @Test
  void everyShippedControlHasWhyImpactAndReferences() {
    int controls = 0;
    for (Profile p : new CatalogService(new ProfileCatalog()).shipped()) {
      for (Control c : p.controls()) {
        controls++;
        String what = p.name() + " " + c.id();
        assertThat(c.rationale()).as("why of %s", what).isNotBlank();
        assertThat(c.impact()).as("can break of %s", what).isNotBlank();
        assertThat(c.references()).as("references of %s", what).isNotEmpty();
        assertThat(c.references())
            .as("references of %s: a URL or a named section", what)
            .allMatch(r -> r.startsWith("https://") || r.contains(", "));
        assertThat(c.references().get(0))
            .as("the first reference of %s is a URL (SARIF's helpUri)", what)
            .matches("https://[^\\s]+");
        String source = c.id().substring(0, c.id().indexOf(':'));
        String number = c.id().substring(c.id().indexOf(':') + 1);
        if (source.startsWith("CIS-")) {
          assertThat(c.references())
              .as("%s names its benchmark section", what)
              .contains(
                  "CIS Kubernetes Benchmark v"
                      + source.substring(4)
                      + ", recommendation "
                      + number);
        } else if (source.equals("STIG")) {
          assertThat(c.references()).contains("DISA Kubernetes STIG, " + number);
        }
      }
    }
    assertThat(controls).as("shipped controls").isGreaterThan(100);
  }

  @Test
  void explainShowsChecksWhyBreaksAndReferencesForEveryControlOfTheDefaultProfile() {
    CliRun show = CliRun.run("profiles", "show");
    assertThat(show.code()).isZero();
    java.util.List<String> ids =
        show.out()
            .lines()
            .dropWhile(l -> !l.equals("controls:"))
            .skip(1)
            .takeWhile(l -> l.startsWith("  "))
            .map(l -> l.strip().substring(0, l.strip().indexOf(": ")))
            .toList();
    assertThat(ids).hasSizeGreaterThan(40);
    for (String id : ids) {
      CliRun r = CliRun.run("explain", id);
      assertThat(r.code()).as(id).isZero();
      assertThat(r.out())
          .as("explain %s", id)
          .contains("  checks: ", "  why: ", "  can break: ", "  reference: ")
          .doesNotContain("(not stated)", "references: none");
    }
  }
}
