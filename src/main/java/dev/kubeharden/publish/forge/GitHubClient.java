package dev.kubeharden.publish.forge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeharden.publish.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** GitHub's REST API (github.com or GitHub Enterprise's /api/v3): pulls and issue labels. */
final class GitHubClient implements ForgeClient {
  private final ForgeHttp http;
  private final String repoUrl;
  private final String owner;

  GitHubClient(String apiUrl, String project, String token, Duration timeout, Secrets secrets) {
    String[] on = Urls.ownerAndName(project, "GitHub");
    this.owner = on[0];
    this.repoUrl = Urls.trimSlash(apiUrl) + "/repos/" + Urls.enc(on[0]) + "/" + Urls.enc(on[1]);
    this.http =
        new ForgeHttp(
            "GitHub",
            Map.of(
                "Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28",
                "User-Agent", "kubeharden"),
            timeout,
            secrets);
  }

  @Override
  public Optional<PullRequest> findOpen(String branch, String base) throws ForgeException {
    return find("open", branch, base, "", pr -> true);
  }

  /** GET /pulls?state=closed, most recently updated first; merged ones have merged_at set. */
  @Override
  public Optional<PullRequest> findClosedUnmerged(String branch, String base)
      throws ForgeException {
    return find(
        "closed",
        branch,
        base,
        "&sort=updated&direction=desc",
        pr -> pr.path("merged_at").isNull());
  }

  /**
   * The first pull request in {@code state} from {@code branch} into {@code base} that also passes
   * {@code also}.
   */
  private Optional<PullRequest> find(
      String state, String branch, String base, String order, Predicate<JsonNode> also)
      throws ForgeException {
    ForgeHttp.Reply list =
        http.get(
            repoUrl
                + "/pulls?state="
                + state
                + "&head="
                + Urls.enc(owner + ":" + branch)
                + "&base="
                + Urls.enc(base)
                + order
                + "&per_page=100");
    for (JsonNode pr : Answers.array(list)) {
      if (branch.equals(pr.path("head").path("ref").asText(branch)) && also.test(pr)) {
        return Optional.of(Answers.pullRequest(list, pr, Answers.GITHUB));
      }
    }
    return Optional.empty();
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws ForgeException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", spec.title());
    body.put("head", spec.branch());
    body.put("base", spec.base());
    body.put("body", spec.body());
    body.put("draft", spec.draft());
    PullRequest pr =
        Answers.pullRequest(
            http.send(
                "POST",
                repoUrl + "/pulls",
                body,
                (s, b) -> s == 422 && b.contains("already exists")),
            Answers.GITHUB);
    return addLabels(pr, spec.labels());
  }

  @Override
  public PullRequest update(PullRequest pr, PullRequestSpec spec) throws ForgeException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", spec.title());
    body.put("body", spec.body());
    PullRequest updated =
        Answers.pullRequest(
            http.send("PATCH", repoUrl + "/pulls/" + pr.number(), body, (s, b) -> false),
            Answers.GITHUB);
    return addLabels(updated, spec.labels());
  }

  private PullRequest addLabels(PullRequest pr, List<String> labels) throws ForgeException {
    return addLabels(http, repoUrl, pr, labels, names -> names);
  }

  /** How a forge names labels in a request: GitHub by name, Gitea by id. */
  interface LabelRefs {
    List<?> of(List<String> names) throws ForgeException;
  }

  /**
   * POST /issues/N/labels with those of {@code labels} that {@code pr} lacks (nothing when it has
   * them all): GitHub's endpoint, which Gitea serves with label ids.
   */
  static PullRequest addLabels(
      ForgeHttp http, String repoUrl, PullRequest pr, List<String> labels, LabelRefs refs)
      throws ForgeException {
    List<String> missing = new ArrayList<>(labels);
    missing.removeAll(pr.labels());
    if (missing.isEmpty()) {
      return pr;
    }
    ForgeHttp.Reply all =
        http.send(
            "POST",
            repoUrl + "/issues/" + pr.number() + "/labels",
            Map.of("labels", refs.of(missing)),
            (s, b) -> false);
    return pr.withLabels(Answers.labelNames(all));
  }

  /** POST /pulls/N/requested_reviewers: users by login, teams by slug. */
  @Override
  public PullRequest requestReviewers(PullRequest pr, List<String> reviewers)
      throws ForgeException {
    PullRequest got =
        Answers.pullRequest(askReviewers(http, repoUrl, pr, reviewers).reply(), Answers.GITHUB);
    return pr.withReviewers(got.reviewers());
  }

  /** The answer to a review request, and who was asked (users, then teams, by slug). */
  record Asked(ForgeHttp.Reply reply, List<String> slugs) {}

  /**
   * POST /pulls/N/requested_reviewers, users by login and teams by slug: GitHub's endpoint, which
   * Gitea serves with the same body.
   */
  static Asked askReviewers(ForgeHttp http, String repoUrl, PullRequest pr, List<String> reviewers)
      throws ForgeException {
    List<String> users = new ArrayList<>();
    List<String> teams = new ArrayList<>();
    for (String r : reviewers) {
      (r.contains("/") ? teams : users).add(ForgeClient.slugOf(r));
    }
    ForgeHttp.Reply reply =
        http.send(
            "POST",
            repoUrl + "/pulls/" + pr.number() + "/requested_reviewers",
            Map.of("reviewers", users, "team_reviewers", teams),
            (s, b) -> false);
    List<String> asked = new ArrayList<>(users);
    asked.addAll(teams);
    return new Asked(reply, asked);
  }

  @Override
  public void close(PullRequest pr, String comment) throws ForgeException {
    close(http, repoUrl, pr, comment, Answers.GITHUB);
  }

  /**
   * POST /issues/N/comments, then PATCH /pulls/N with state "closed": GitHub's endpoints, which
   * Gitea serves with the same bodies.
   */
  static void close(
      ForgeHttp http, String repoUrl, PullRequest pr, String comment, Answers.Fields answers)
      throws ForgeException {
    http.send(
        "POST",
        repoUrl + "/issues/" + pr.number() + "/comments",
        Map.of("body", comment),
        (s, b) -> false);
    Answers.pullRequest(
        http.send(
            "PATCH", repoUrl + "/pulls/" + pr.number(), Map.of("state", "closed"), (s, b) -> false),
        answers);
  }
}
