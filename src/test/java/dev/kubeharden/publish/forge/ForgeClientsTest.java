package dev.kubeharden.publish.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeharden.publish.PublishException;
import dev.kubeharden.publish.Secrets;
import dev.kubeharden.publish.forge.ForgeClient.Outcome.Action;
import dev.kubeharden.testing.FakeForge;
import dev.kubeharden.testing.FakeGitHub;
import dev.kubeharden.testing.FakeGitLab;
import dev.kubeharden.testing.FakeGitea;
import dev.kubeharden.testing.RedirectingServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forge clients against fakes of the GitHub, GitLab and Gitea APIs on 127.0.0.1. */
class ForgeClientsTest {
  private static final String TOKEN = "tok-9f8e7d6c";
  private static final PullRequestSpec SPEC =
      new PullRequestSpec(
          "kubeharden/cis",
          "main",
          "Harden nodes with cis",
          "Report v1\n",
          false,
          List.of(),
          List.of());

  private static ForgeClient client(
      Forges.Kind kind, FakeForge fake, String project, String token) {
    return Forges.client(kind, fake.url(), project, token, Duration.ofSeconds(2), Secrets.none());
  }

  private static PullRequestSpec spec(String body, boolean draft, List<String> labels) {
    return new PullRequestSpec(
        SPEC.branch(), SPEC.base(), SPEC.title(), body, draft, labels, List.of());
  }

  @Test
  void gitHubOpensOnceThenLeavesTheSamePullRequestAlone() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
      ForgeClient gh = client(Forges.Kind.GITHUB, fake, "acme/infra", TOKEN);
      ForgeClient.Outcome first = gh.ensure(spec("Report v1\n", true, List.of("security")));
      assertThat(first.action()).isEqualTo(Action.OPENED);
      assertThat(first.pullRequest().url()).isEqualTo("https://github.example/acme/pull/1");
      assertThat(first.pullRequest().labels()).containsExactly("security");
      FakeForge.Request list = fake.requests.get(0);
      assertThat(list.method()).isEqualTo("GET");
      assertThat(list.rawPathAndQuery())
          .isEqualTo(
              "/repos/acme/infra/pulls?state=open&head=acme%3Akubeharden%2Fcis&base=main&per_page=100");
      assertThat(list.headers())
          .containsEntry("Authorization", "Bearer " + TOKEN)
          .containsEntry("Accept", "application/vnd.github+json")
          .containsEntry("X-GitHub-Api-Version", "2022-11-28");
      assertThat(fake.pulls.get(0).path("draft").asBoolean()).isTrue();

      int writes = fake.writes().size();
      assertThat(gh.ensure(spec("Report v1\n", true, List.of("security"))).action())
          .isEqualTo(Action.UNCHANGED);
      assertThat(fake.writes()).hasSize(writes);

      ForgeClient.Outcome updated = gh.ensure(spec("Report v2\n", true, List.of("security")));
      assertThat(updated.action()).isEqualTo(Action.UPDATED);
      assertThat(fake.pulls).hasSize(1);
      assertThat(fake.pulls.get(0).path("body").asText()).isEqualTo("Report v2\n");
      assertThat(fake.writes().get(fake.writes().size() - 1).method()).isEqualTo("PATCH");
    }
  }

  @Test
  void gitHubDuplicateAnswerFallsBackToTheOpenPullRequest() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
      ForgeClient gh = client(Forges.Kind.GITHUB, fake, "acme/infra", TOKEN);
      gh.ensure(SPEC);
      fake.hideOpenOnNextLists.set(1);
      ForgeClient.Outcome again = gh.ensure(SPEC);
      assertThat(again.action()).isEqualTo(Action.UNCHANGED);
      assertThat(again.pullRequest().number()).isEqualTo(1);
      assertThat(fake.pulls).hasSize(1);
      assertThat(fake.writes())
          .extracting(FakeForge.Request::method)
          .containsExactly("POST", "POST");
    }
  }

  @Test
  void gitHubFailuresAreOneLineNamingTheEndpointWithoutTheToken() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
      assertThatThrownBy(
              () -> client(Forges.Kind.GITHUB, fake, "acme/infra", "wrong-token-123").ensure(SPEC))
          .isInstanceOf(ForgeException.class)
          .hasMessage(
              "GitHub API GET "
                  + fake.url()
                  + "/repos/acme/infra/pulls: HTTP 401 Unauthorized (check the token):"
                  + " Bad credentials");
      assertThatThrownBy(() -> client(Forges.Kind.GITHUB, fake, "acme/other", TOKEN).ensure(SPEC))
          .hasMessage(
              "GitHub API GET "
                  + fake.url()
                  + "/repos/acme/other/pulls: HTTP 404 Not Found (check --forge-url,"
                  + " --forge-project and the token's access): Not Found");
      fake.failStatus = 502;
      fake.failBody = "{\"message\":\"Server Error " + TOKEN + "\"}";
      assertThatThrownBy(() -> client(Forges.Kind.GITHUB, fake, "acme/infra", TOKEN).ensure(SPEC))
          .hasMessage(
              "GitHub API GET "
                  + fake.url()
                  + "/repos/acme/infra/pulls: HTTP 502 server error: Server Error ***");
    }
  }

  @Test
  void gitHubValidationErrorShowsGitHubsReasons() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
      fake.failStatus = 422;
      fake.failBody =
          "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"field\":\"base\","
              + "\"code\":\"invalid\",\"message\":\"base does not exist\"}]}";
      ForgeClient gh = client(Forges.Kind.GITHUB, fake, "acme/infra", TOKEN);
      assertThatThrownBy(() -> gh.create(SPEC))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.duplicate()).isFalse())
          .hasMessage(
              "GitHub API POST "
                  + fake.url()
                  + "/repos/acme/infra/pulls: HTTP 422 Unprocessable Entity: Validation"
                  + " Failed; base does not exist");
    }
  }

  @Test
  void slowForgeTimesOut() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
      fake.hang = true; // answers nothing until closed: the client's own timeout must end the call
      ForgeClient gh =
          Forges.client(
              Forges.Kind.GITHUB,
              fake.url(),
              "acme/infra",
              TOKEN,
              Duration.ofSeconds(1),
              Secrets.none());
      assertThatThrownBy(() -> gh.ensure(SPEC))
          .isInstanceOf(PublishException.class)
          .hasMessage(
              "GitHub API GET " + fake.url() + "/repos/acme/infra/pulls: timed out after 1s");
    }
  }

  @Test
  void aRedirectToAnotherOriginIsRefusedAndTheTokenNeverLeaves() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN);
        RedirectingServer moved = new RedirectingServer(fake.url(), 307)) {
      ForgeClient gh =
          Forges.client(
              Forges.Kind.GITHUB,
              moved.url(),
              "acme/infra",
              TOKEN,
              Duration.ofSeconds(2),
              Secrets.none());
      assertThatThrownBy(() -> gh.ensure(SPEC))
          .isInstanceOf(ForgeException.class)
          .hasMessage(
              "GitHub API GET "
                  + moved.url()
                  + "/repos/acme/infra/pulls: redirected to "
                  + fake.url()
                  + "/repos/acme/infra/pulls, another origin; kubeharden sends the token only to "
                  + moved.url()
                  + " (if the forge moved, pass its new address as --forge-url)");
      assertThat(fake.requests).isEmpty();
    }
  }

  @Test
  void aRedirectWithinTheForgeIsFollowed() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
      // GitHub answers a renamed repository's old name with 301 (or 307) on its own origin
      fake.redirect("/repos/acme/old/", "/repos/acme/infra/", 301);
      ForgeClient gh = client(Forges.Kind.GITHUB, fake, "acme/old", TOKEN);
      assertThat(gh.ensure(SPEC).action()).isEqualTo(Action.OPENED);
      assertThat(fake.pulls).hasSize(1);
      assertThat(fake.requests)
          .extracting(FakeForge.Request::method)
          .containsExactly("GET", "GET", "POST", "POST");
      assertThat(fake.requests)
          .allSatisfy(
              r -> assertThat(r.headers()).containsEntry("Authorization", "Bearer " + TOKEN));
    }
  }

  @Test
  void aForgeThatSendsHeadersThenStallsIsCutOffByTheTimeout() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
      fake.stallAfterHeaders = true;
      ForgeClient gh =
          Forges.client(
              Forges.Kind.GITHUB,
              fake.url(),
              "acme/infra",
              TOKEN,
              Duration.ofSeconds(1),
              Secrets.none());
      long start = System.nanoTime();
      assertThatThrownBy(() -> gh.ensure(SPEC))
          .isInstanceOf(ForgeException.class)
          .hasMessage(
              "GitHub API GET " + fake.url() + "/repos/acme/infra/pulls: timed out after 1s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void anAnswerLargerThanTheBoundIsRefused() throws Exception {
    try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
      fake.floodBytes = 48L << 20;
      ForgeClient gh = client(Forges.Kind.GITHUB, fake, "acme/infra", TOKEN);
      assertThatThrownBy(() -> gh.ensure(SPEC))
          .isInstanceOf(ForgeException.class)
          .hasMessage(
              "GitHub API GET "
                  + fake.url()
                  + "/repos/acme/infra/pulls: HTTP 200 with an answer larger than 16 MiB;"
                  + " refusing it");
    }
  }

  @Test
  void answersOfTheWrongShapeAreRefusedAndNothingIsWritten() throws Exception {
    String[][] cases = {
      {"{}", "HTTP 200 but the answer is not a JSON array"},
      {"\"x\"", "HTTP 200 but the answer is not a JSON array"},
      {
        "[{\"head\":{\"ref\":\"kubeharden/cis\"},\"title\":\"x\"}]",
        "HTTP 200 but the answer is not a pull request: no positive integer \"number\""
      },
      {
        "[{\"number\":-3,\"html_url\":\"https://x/1\",\"title\":\"x\"}]",
        "HTTP 200 but the answer is not a pull request: no positive integer \"number\""
      },
      {
        "[{\"number\":3,\"html_url\":\"javascript:alert(1)\",\"title\":\"x\"}]",
        "HTTP 200 but the answer is not a pull request: \"html_url\" is not an http(s) URL"
      },
      {
        "[{\"number\":3,\"html_url\":\"https://x/1\\u001b[2J\",\"title\":\"x\"}]",
        "HTTP 200 but the answer is not a pull request: \"html_url\" is not an http(s) URL"
      },
      {
        "[{\"number\":3,\"html_url\":\"https://x/1\",\"title\":7}]",
        "HTTP 200 but the answer is not a pull request: \"title\" is not a string"
      },
      {
        "[{\"number\":3,\"html_url\":\"https://x/1\",\"title\":\"x\",\"labels\":{}}]",
        "HTTP 200 but the answer is not a pull request: \"labels\" is not a list of labels"
      },
    };
    for (String[] c : cases) {
      try (FakeGitHub fake = new FakeGitHub("acme/infra", TOKEN)) {
        fake.failStatus = 200;
        fake.failBody = c[0];
        assertThatThrownBy(() -> client(Forges.Kind.GITHUB, fake, "acme/infra", TOKEN).ensure(SPEC))
            .as(c[0])
            .isInstanceOf(ForgeException.class)
            .hasMessage("GitHub API GET " + fake.url() + "/repos/acme/infra/pulls: " + c[1]);
        assertThat(fake.writes()).as(c[0]).isEmpty();
      }
    }
    try (FakeGitLab fake = new FakeGitLab("platform/nodes", TOKEN)) {
      fake.failStatus = 200;
      fake.failBody = "[{\"id\":5,\"title\":\"x\",\"web_url\":\"https://gl/5\"}]";
      assertThatThrownBy(
              () -> client(Forges.Kind.GITLAB, fake, "platform/nodes", TOKEN).ensure(SPEC))
          .hasMessage(
              "GitLab API GET "
                  + fake.url()
                  + "/api/v4/projects/platform%2Fnodes/merge_requests: HTTP 200 but the answer is"
                  + " not a merge request: no positive integer \"iid\"");
      assertThat(fake.writes()).isEmpty();
    }
    try (FakeGitea fake = new FakeGitea("acme/infra", TOKEN)) {
      fake.failStatus = 201;
      fake.failBody = "{\"message\":\"created\"}";
      assertThatThrownBy(() -> client(Forges.Kind.GITEA, fake, "acme/infra", TOKEN).create(SPEC))
          .hasMessage(
              "Gitea API POST "
                  + fake.url()
                  + "/api/v1/repos/acme/infra/pulls: HTTP 201 but the answer is not a pull"
                  + " request: no positive integer \"number\"");
    }
  }

  @Test
  void unreachableForgeSaysSo() throws Exception {
    ForgeClient gh =
        Forges.client(
            Forges.Kind.GITHUB,
            "http://127.0.0.1:1",
            "acme/infra",
            TOKEN,
            Duration.ofSeconds(2),
            Secrets.none());
    assertThatThrownBy(() -> gh.ensure(SPEC))
        .hasMessageStartingWith(
            "GitHub API GET http://127.0.0.1:1/repos/acme/infra/pulls: cannot connect");
  }

  @Test
  void gitLabAddressesTheProjectByItsEncodedPathAndFallsBackOn409() throws Exception {
    try (FakeGitLab fake = new FakeGitLab("platform/infra/nodes", TOKEN)) {
      ForgeClient gl = client(Forges.Kind.GITLAB, fake, "platform/infra/nodes", TOKEN);
      ForgeClient.Outcome first =
          gl.ensure(spec("Report v1\n", true, List.of("security", "kubeharden")));
      assertThat(first.action()).isEqualTo(Action.OPENED);
      assertThat(first.pullRequest().url()).isEqualTo("https://gitlab.example/merge_requests/1");
      assertThat(first.pullRequest().draft()).isTrue();
      assertThat(first.pullRequest().title()).isEqualTo(SPEC.title());
      assertThat(fake.pulls.get(0).path("title").asText()).isEqualTo("Draft: " + SPEC.title());
      assertThat(fake.requests.get(0).rawPathAndQuery())
          .isEqualTo(
              "/api/v4/projects/platform%2Finfra%2Fnodes/merge_requests?state=opened"
                  + "&source_branch=kubeharden%2Fcis&target_branch=main");
      assertThat(fake.requests.get(0).headers()).containsEntry("PRIVATE-TOKEN", TOKEN);

      fake.hideOpenOnNextLists.set(1);
      ForgeClient.Outcome again =
          gl.ensure(spec("Report v2\n", true, List.of("security", "kubeharden")));
      assertThat(again.action()).isEqualTo(Action.UPDATED);
      assertThat(fake.pulls).hasSize(1);
      assertThat(fake.pulls.get(0).path("description").asText()).isEqualTo("Report v2\n");
      assertThat(fake.pulls.get(0).path("title").asText()).isEqualTo("Draft: " + SPEC.title());
      assertThat(fake.writes())
          .extracting(FakeForge.Request::method)
          .containsExactly("POST", "POST", "PUT");
    }
  }

  @Test
  void gitLabUnauthorizedIsOneLine() throws Exception {
    try (FakeGitLab fake = new FakeGitLab("platform/nodes", TOKEN)) {
      assertThatThrownBy(
              () -> client(Forges.Kind.GITLAB, fake, "platform/nodes", "nope-nope").ensure(SPEC))
          .hasMessage(
              "GitLab API GET "
                  + fake.url()
                  + "/api/v4/projects/platform%2Fnodes/merge_requests: HTTP 401"
                  + " Unauthorized (check the token): 401 Unauthorized");
    }
  }

  @Test
  void giteaOpensWithLabelIdsAndFallsBackOn409() throws Exception {
    try (FakeGitea fake = new FakeGitea("acme/infra", TOKEN)) {
      ForgeClient gt = client(Forges.Kind.GITEA, fake, "acme/infra", TOKEN);
      ForgeClient.Outcome first = gt.ensure(spec("Report v1\n", false, List.of("kubeharden")));
      assertThat(first.action()).isEqualTo(Action.OPENED);
      assertThat(first.pullRequest().url()).isEqualTo("https://gitea.example/o/r/pulls/1");
      assertThat(first.pullRequest().labels()).containsExactly("kubeharden");
      assertThat(fake.writes().get(0).body()).contains("\"labels\":[9]");
      assertThat(fake.requests.get(0).headers()).containsEntry("Authorization", "token " + TOKEN);

      fake.hideOpenOnNextLists.set(1);
      ForgeClient.Outcome again =
          gt.ensure(spec("Report v1\n", false, List.of("kubeharden", "security")));
      assertThat(again.action()).isEqualTo(Action.UPDATED);
      assertThat(again.pullRequest().labels()).containsExactly("kubeharden", "security");
      assertThat(fake.pulls).hasSize(1);

      assertThatThrownBy(() -> gt.ensure(spec("Report v1\n", false, List.of("nope"))))
          .hasMessage(
              "Gitea repository acme/infra has no label 'nope' (create it, or drop --label)");
    }
  }

  @Test
  void giteaConflictWithoutAnOpenPullRequestIsReported() throws Exception {
    try (FakeGitea fake = new FakeGitea("acme/infra", TOKEN)) {
      fake.failStatus = 409;
      fake.failBody = "{\"message\":\"pull request already exists for these targets\"}";
      assertThatThrownBy(() -> client(Forges.Kind.GITEA, fake, "acme/infra", TOKEN).create(SPEC))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.duplicate()).isTrue())
          .hasMessage(
              "Gitea API POST "
                  + fake.url()
                  + "/api/v1/repos/acme/infra/pulls: HTTP 409 Conflict: pull request"
                  + " already exists for these targets");
    }
  }
}
