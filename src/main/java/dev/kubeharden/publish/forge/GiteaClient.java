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

/** Gitea's and Forgejo's API v1: pulls, and labels by id. */
final class GiteaClient implements ForgeClient {
  static final String DRAFT = "WIP: ";
  private static final int PAGE = 50;
  private static final int MAX_PAGES = 20;

  private final ForgeHttp http;
  private final String repoUrl;
  private final String project;

  GiteaClient(String instanceUrl, String project, String token, Duration timeout, Secrets secrets) {
    String[] on = Urls.ownerAndName(project, "Gitea");
    this.project = project;
    this.repoUrl =
        Urls.trimSlash(instanceUrl) + "/api/v1/repos/" + Urls.enc(on[0]) + "/" + Urls.enc(on[1]);
    this.http = new ForgeHttp("Gitea", Map.of("Authorization", "token " + token), timeout, secrets);
  }

  @Override
  public Optional<PullRequest> findOpen(String branch, String base) throws ForgeException {
    return find("open", branch, base, pr -> true);
  }

  /** GET /pulls?state=closed, most recently updated first; merged ones have merged true. */
  @Override
  public Optional<PullRequest> findClosedUnmerged(String branch, String base)
      throws ForgeException {
    return find(
        "closed&sort=recentupdate", branch, base, pr -> !pr.path("merged").asBoolean(false));
  }

  /**
   * The first pull request of {@code state} (and order) from {@code branch} into {@code base} that
   * also passes {@code also}, page by page.
   */
  private Optional<PullRequest> find(
      String state, String branch, String base, Predicate<JsonNode> also) throws ForgeException {
    for (int page = 1; page <= MAX_PAGES; page++) {
      ForgeHttp.Reply list =
          http.get(repoUrl + "/pulls?state=" + state + "&limit=" + PAGE + "&page=" + page);
      List<JsonNode> pulls = Answers.array(list);
      for (JsonNode pr : pulls) {
        if (branch.equals(pr.path("head").path("ref").asText())
            && base.equals(pr.path("base").path("ref").asText())
            && also.test(pr)) {
          return Optional.of(Answers.pullRequest(list, pr, Answers.GITEA));
        }
      }
      if (pulls.size() < PAGE) {
        break;
      }
    }
    return Optional.empty();
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws ForgeException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("head", spec.branch());
    body.put("base", spec.base());
    body.put("title", (spec.draft() ? DRAFT : "") + spec.title());
    body.put("body", spec.body());
    if (!spec.labels().isEmpty()) {
      body.put("labels", labelIds(spec.labels()));
    }
    return Answers.pullRequest(
        http.send("POST", repoUrl + "/pulls", body, (s, b) -> s == 409), Answers.GITEA);
  }

  @Override
  public PullRequest update(PullRequest pr, PullRequestSpec spec) throws ForgeException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", (pr.draft() ? DRAFT : "") + spec.title());
    body.put("body", spec.body());
    PullRequest updated =
        Answers.pullRequest(
            http.send("PATCH", repoUrl + "/pulls/" + pr.number(), body, (s, b) -> false),
            Answers.GITEA);
    return GitHubClient.addLabels(http, repoUrl, updated, spec.labels(), this::labelIds);
  }

  /** Gitea takes label ids; a name the repository lacks is an error. */
  private List<Long> labelIds(List<String> names) throws ForgeException {
    Map<String, Long> ids = new LinkedHashMap<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      ForgeHttp.Reply list = http.get(repoUrl + "/labels?limit=" + PAGE + "&page=" + page);
      List<JsonNode> labels = Answers.array(list);
      List<String> found = Answers.labelNames(list);
      for (int i = 0; i < labels.size(); i++) {
        ids.put(found.get(i), Answers.id(list, labels.get(i)));
      }
      if (labels.size() < PAGE) {
        break;
      }
    }
    List<Long> out = new ArrayList<>();
    for (String n : names) {
      Long id = ids.get(n);
      if (id == null) {
        throw new ForgeException(
            "Gitea repository "
                + project
                + " has no label '"
                + n
                + "' (create it, or drop --label)",
            0,
            false,
            null);
      }
      out.add(id);
    }
    return out;
  }

  /** POST /pulls/N/requested_reviewers: users by login, teams by name. */
  @Override
  public PullRequest requestReviewers(PullRequest pr, List<String> reviewers)
      throws ForgeException {
    GitHubClient.Asked asked = GitHubClient.askReviewers(http, repoUrl, pr, reviewers);
    Answers.array(asked.reply());
    List<String> all = new ArrayList<>(pr.reviewers());
    all.addAll(asked.slugs());
    return pr.withReviewers(all);
  }

  /**
   * As GitHub: {@link GitHubClient#close(ForgeHttp, String, PullRequest, String, Answers.Fields)}.
   */
  @Override
  public void close(PullRequest pr, String comment) throws ForgeException {
    GitHubClient.close(http, repoUrl, pr, comment, Answers.GITEA);
  }
}
