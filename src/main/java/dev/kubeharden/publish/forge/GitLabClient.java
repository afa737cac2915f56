package dev.kubeharden.publish.forge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeharden.publish.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** GitLab's REST API v4: merge requests of a project addressed by its URL-encoded path. */
final class GitLabClient implements ForgeClient {
  static final String DRAFT = "Draft: ";

  private final ForgeHttp http;
  private final String projectUrl;
  private final String instanceUrl;

  GitLabClient(
      String instanceUrl, String project, String token, Duration timeout, Secrets secrets) {
    if (!project.contains("/") || project.startsWith("/") || project.endsWith("/")) {
      throw new IllegalArgumentException(
          "GitLab project must be GROUP/NAME (got '" + project + "')");
    }
    this.instanceUrl = Urls.trimSlash(instanceUrl);
    this.projectUrl = this.instanceUrl + "/api/v4/projects/" + Urls.enc(project);
    this.http = new ForgeHttp("GitLab", Map.of("PRIVATE-TOKEN", token), timeout, secrets);
  }

  @Override
  public Optional<PullRequest> findOpen(String branch, String base) throws ForgeException {
    return first("opened", branch, base, "");
  }

  /**
   * GET /merge_requests?state=closed (merged ones have their own state, "merged"), most recently
   * updated first.
   */
  @Override
  public Optional<PullRequest> findClosedUnmerged(String branch, String base)
      throws ForgeException {
    return first("closed", branch, base, "&order_by=updated_at&sort=desc");
  }

  /** The first merge request in {@code state} from {@code branch} into {@code base}. */
  private Optional<PullRequest> first(String state, String branch, String base, String order)
      throws ForgeException {
    ForgeHttp.Reply list =
        http.get(
            projectUrl
                + "/merge_requests?state="
                + state
                + "&source_branch="
                + Urls.enc(branch)
                + "&target_branch="
                + Urls.enc(base)
                + order);
    List<JsonNode> found = Answers.array(list);
    return found.isEmpty()
        ? Optional.empty()
        : Optional.of(Answers.pullRequest(list, found.get(0), Answers.GITLAB));
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws ForgeException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source_branch", spec.branch());
    body.put("target_branch", spec.base());
    body.put("title", (spec.draft() ? DRAFT : "") + spec.title());
    body.put("description", spec.body());
    if (!spec.labels().isEmpty()) {
      body.put("labels", String.join(",", spec.labels()));
    }
    return Answers.pullRequest(
        http.send("POST", projectUrl + "/merge_requests", body, (s, b) -> s == 409),
        Answers.GITLAB);
  }

  @Override
  public PullRequest update(PullRequest pr, PullRequestSpec spec) throws ForgeException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", (pr.draft() ? DRAFT : "") + spec.title());
    body.put("description", spec.body());
    if (!spec.labels().isEmpty()) {
      body.put("add_labels", String.join(",", spec.labels()));
    }
    return Answers.pullRequest(
        http.send("PUT", projectUrl + "/merge_requests/" + pr.number(), body, (s, b) -> false),
        Answers.GITLAB);
  }

  @Override
  public boolean asksTeams() {
    return false;
  }

  /**
   * PUT reviewer_ids: GitLab takes user ids and replaces the set, so the ids of those already asked
   * are sent again. Groups cannot be asked on GitLab; they are left out.
   */
  @Override
  public PullRequest requestReviewers(PullRequest pr, List<String> reviewers)
      throws ForgeException {
    List<String> users = new ArrayList<>(pr.reviewers());
    for (String r : reviewers) {
      if (!r.contains("/")) {
        users.add(ForgeClient.slugOf(r));
      }
    }
    List<Long> ids = new ArrayList<>();
    for (String u : users) {
      ForgeHttp.Reply found = http.get(instanceUrl + "/api/v4/users?username=" + Urls.enc(u));
      List<JsonNode> list = Answers.array(found);
      if (list.isEmpty()) {
        throw new ForgeException(
            "GitLab has no user '" + u + "' to ask for review (check --reviewer and CODEOWNERS)",
            0,
            false,
            null);
      }
      ids.add(Answers.id(found, list.get(0)));
    }
    return Answers.pullRequest(
        http.send(
            "PUT",
            projectUrl + "/merge_requests/" + pr.number(),
            Map.of("reviewer_ids", ids),
            (s, b) -> false),
        Answers.GITLAB);
  }

  /** POST /merge_requests/IID/notes, then PUT state_event=close. */
  @Override
  public void close(PullRequest pr, String comment) throws ForgeException {
    http.send(
        "POST",
        projectUrl + "/merge_requests/" + pr.number() + "/notes",
        Map.of("body", comment),
        (s, b) -> false);
    Answers.pullRequest(
        http.send(
            "PUT",
            projectUrl + "/merge_requests/" + pr.number(),
            Map.of("state_event", "close"),
            (s, b) -> false),
        Answers.GITLAB);
  }
}
