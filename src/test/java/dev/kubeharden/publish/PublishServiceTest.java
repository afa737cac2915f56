package dev.kubeharden.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeharden.model.Bundle;
import dev.kubeharden.publish.forge.Forges;
import dev.kubeharden.write.BundleChanges;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option checks and defaults of publishing that need no repository. */
class PublishServiceTest {
  private static final PublishService.Content CONTENT =
      new PublishService.Content(
          "cis-1.12+strict", "Harden", "Summary.", new Bundle(Map.of("REPORT.md", "# r\n")));

  private static PublishService.Request request(String repo, Forges.Kind kind, String project) {
    return new PublishService.Request(
        repo,
        "origin",
        null,
        null,
        null,
        true,
        false,
        "kubeharden",
        "kubeharden@localhost",
        false,
        null,
        kind == null
            ? null
            : new PublishService.ForgeOptions(kind, null, project, false, List.of(), List.of()),
        "tok",
        60,
        null,
        false,
        null);
  }

  @Test
  void projectComesFromTheRepositoryUrlWithoutCredentials() {
    assertThat(
            PublishService.project(
                request("https://x:tok@github.com/acme/infra.git", Forges.Kind.GITHUB, null)))
        .isEqualTo("acme/infra");
    assertThat(
            PublishService.project(
                request("git@gitlab.com:group/sub/infra.git", Forges.Kind.GITLAB, null)))
        .isEqualTo("group/sub/infra");
    assertThat(PublishService.project(request("/src/infra", Forges.Kind.GITHUB, "acme/infra")))
        .isEqualTo("acme/infra");
    assertThatThrownBy(
            () ->
                PublishService.project(
                    request("https://ghe.example/a/b/c.git", Forges.Kind.GITHUB, null)))
        .isInstanceOfSatisfying(
            PublishService.InvalidRequestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(PublishService.Invalid.FORGE_WITHOUT_PROJECT);
              assertThat(e.value()).isEqualTo("a/b/c");
            });
  }

  @Test
  void projectComesFromALocalClonesRemote(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    try (var git = org.eclipse.jgit.api.Git.init().setDirectory(tmp.toFile()).call()) {
      var config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", "https://github.com/acme/infra.git");
      config.save();
    }
    assertThat(PublishService.project(request(tmp.toString(), Forges.Kind.GITHUB, null)))
        .isEqualTo("acme/infra");
    assertThatThrownBy(
            () ->
                PublishService.project(
                    request(tmp.resolve("none").toString(), Forges.Kind.GITHUB, null)))
        .isInstanceOfSatisfying(
            PublishService.InvalidRequestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(PublishService.Invalid.FORGE_WITHOUT_PROJECT);
              assertThat(e.value()).isNull();
            });
  }

  @Test
  void defaultBranchAndPathDeriveFromTheProfileName() {
    PublishService.Request r = request("/src/infra", null, null);
    assertThat(PublishService.branch(r, CONTENT)).isEqualTo("kubeharden/cis-1.12-strict");
    assertThat(PublishService.path(r, CONTENT)).isEqualTo("kubeharden/cis-1.12-strict");
  }

  @Test
  void bodyListsWhatChangedAndIsCutBelowTheLimit() {
    BundleChanges changes =
        BundleChanges.between(Map.of("old.conf", "x\n"), CONTENT.bundle().files());
    String body = PullRequestBody.of(CONTENT, "nodes", changes, 100_000);
    assertThat(body)
        .contains("- added `nodes/REPORT.md`\n")
        .contains("- removed `nodes/old.conf`\n")
        .endsWith("---\n\n# r\n");
    String cut = PullRequestBody.of(CONTENT, "nodes", changes, 150);
    assertThat(body).hasSizeGreaterThan(150);
    assertThat(cut).hasSize(150).endsWith("the full one is `nodes/REPORT.md` on the branch._\n");
  }

  @Test
  void anInventoryIsNamedByItsFileName() {
    assertThat(PublishService.Content.inventoryName("fleets/prod.yaml")).isEqualTo("prod");
    assertThat(PublishService.Content.inventoryName("C:\\infra\\EU Fleet.YML"))
        .isEqualTo("EU Fleet");
    assertThat(PublishService.Content.inventoryName("inventory")).isEqualTo("inventory");
    PublishService.Content c =
        new PublishService.Content(
            PublishService.Content.inventoryName("EU Fleet.yml"), "s", "s", CONTENT.bundle());
    assertThat(PublishService.branch(request("/src/infra", null, null), c))
        .isEqualTo("kubeharden/eu-fleet");
  }

  @Test
  void longListsAreShortenedSoTheReportStaysInTheBody() {
    Map<String, String> files = new java.util.TreeMap<>();
    for (int i = 0; i < 250; i++) {
      files.put(String.format("c%03d/pool/node/config.yaml", i), "x\n");
    }
    files.put("REPORT.md", "# fleet\n");
    PublishService.Content fleet =
        new PublishService.Content("fleet", "Harden", "Summary.", new Bundle(files));
    String body =
        PullRequestBody.of(
            fleet, "f", BundleChanges.between(Map.of("gone.conf", "x\n"), files), 60_000);
    assertThat(body)
        .contains(
            "- added `f/c098/pool/node/config.yaml`\n- ... and 152 more (added 251, changed 0, removed 1);"
                + " the commit has them all\n")
        .contains("- `f/c098/pool/node/config.yaml`\n- ... and 151 more; the commit has them all\n")
        .doesNotContain("c099")
        .endsWith("---\n\n# fleet\n");
  }
}
