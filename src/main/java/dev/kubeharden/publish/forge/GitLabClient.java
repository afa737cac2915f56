package dev.kubeharden.publish.forge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeharden.publish.Secrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** GitLab's REST API v4: merge requests of a project addressed by its URL-encoded path. */
final class GitLabClient implements ForgeClient {
  static final String DRAFT = "Draft: ";

  private final ForgeHttp http;
  private final String projectUrl;

  GitLabClient(
      String instanceUrl, String project, String token, Duration timeout, Secrets secrets) {
    if (!project.contains("/") || project.startsWith("/") || project.endsWith("/")) {
      throw new IllegalArgumentException(
          "GitLab project must be GROUP/NAME (got '" + project + "')");
    }
    this.projectUrl = Urls.trimSlash(instanceUrl) + "/api/v4/projects/" + Urls.enc(project);
    this.http = new ForgeHttp("GitLab", Map.of("PRIVATE-TOKEN", token), timeout, secrets);
  }

  @Override
  public Optional<PullRequest> findOpen(String branch, String base) throws ForgeException {
    ForgeHttp.Reply list =
        http.get(
            projectUrl
                + "/merge_requests?state=opened&source_branch="
                + Urls.enc(branch)
                + "&target_branch="
                + Urls.enc(base));
    List<JsonNode> open = Answers.array(list);
    return open.isEmpty()
        ? Optional.empty()
        : Optional.of(Answers.pullRequest(list, open.get(0), Answers.GITLAB));
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
}
