package dev.kubeharden.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of Gitea's (and Forgejo's) API v1 for one repository: pulls, labels by id, 409 for a
 * duplicate, requested reviewers, closing and comments.
 *
 * <p>Endpoints, as documented at https://gitea.com/api/swagger (Forgejo's are the same): GET
 * /repos/{owner}/{repo}/pulls (state open, closed or all; page, limit), POST (create), PATCH
 * /repos/{owner}/{repo}/pulls/{index} (title, body, state), POST
 * /repos/{owner}/{repo}/pulls/{index}/requested_reviewers (reviewers, team_reviewers; 201 with the
 * created reviews; the pull then lists them in requested_reviewers and requested_reviewers_teams),
 * POST /repos/{owner}/{repo}/issues/{index}/comments (body; 201 with the comment), /labels and
 * /issues/{index}/labels.
 */
public final class FakeGitea extends FakeForge {
  private final Pattern pullsPath;
  private final Pattern pull;
  private final Pattern repoLabels;
  private final Pattern issueLabels;
  private final Pattern reviewers;
  private final Pattern comments;
  private final ArrayNode labels = JSON.createArrayNode();

  /** Comments posted on pull requests: "number: body". */
  public final java.util.List<String> commentsPosted =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  public FakeGitea(String project, String token) throws IOException {
    super(token);
    String repo = "/api/v1/repos/" + Pattern.quote(project);
    this.pullsPath = Pattern.compile(repo + "/pulls");
    this.pull = Pattern.compile(repo + "/pulls/(\\d+)");
    this.repoLabels = Pattern.compile(repo + "/labels");
    this.issueLabels = Pattern.compile(repo + "/issues/(\\d+)/labels");
    this.reviewers = Pattern.compile(repo + "/pulls/(\\d+)/requested_reviewers");
    this.comments = Pattern.compile(repo + "/issues/(\\d+)/comments");
    labels.addObject().put("id", 7).put("name", "security");
    labels.addObject().put("id", 9).put("name", "kubeharden");
  }

  @Override
  protected boolean authorized(HttpExchange ex) {
    return ("token " + token).equals(ex.getRequestHeaders().getFirst("Authorization"));
  }

  @Override
  protected String unauthorizedBody() {
    return "{\"message\":\"user does not exist [uid: 0, name: ]\",\"url\":\"https://gitea.example/api/swagger\"}";
  }

  @Override
  protected Answer answer(String method, String path, Map<String, String> q, JsonNode body) {
    Matcher m;
    if (pullsPath.matcher(path).matches() && method.equals("GET")) {
      int page = Integer.parseInt(q.getOrDefault("page", "1"));
      String state = q.getOrDefault("state", "open");
      java.util.List<ObjectNode> listed =
          state.equals("open")
              ? openPulls("state", "open")
              : pulls.stream()
                  .filter(p -> state.equals("all") || p.path("state").asText().equals(state))
                  .toList();
      return new Answer(200, array(page == 1 ? listed : java.util.List.of()));
    }
    if (repoLabels.matcher(path).matches() && method.equals("GET")) {
      return new Answer(
          200, "1".equals(q.getOrDefault("page", "1")) ? labels : JSON.createArrayNode());
    }
    if (pullsPath.matcher(path).matches() && method.equals("POST")) {
      String head = body.path("head").asText();
      String base = body.path("base").asText();
      ObjectNode open =
          pulls.stream()
              .filter(
                  p ->
                      p.path("state").asText().equals("open")
                          && p.path("head").path("ref").asText().equals(head)
                          && p.path("base").path("ref").asText().equals(base))
              .findFirst()
              .orElse(null);
      if (open != null) {
        return new Answer(
            409,
            "{\"message\":\"pull request already exists for these targets [id: "
                + open.path("number").asInt()
                + ", issue_id: "
                + open.path("number").asInt()
                + ", head_repo_id: 1, base_repo_id: 1, head_branch: "
                + head
                + ", base_branch: "
                + base
                + "]\","
                + "\"url\":\"https://gitea.example/api/swagger\"}");
      }
      int n = pulls.size() + 1;
      ObjectNode pr = JSON.createObjectNode();
      pr.put("number", n)
          .put("state", "open")
          .put("html_url", "https://gitea.example/o/r/pulls/" + n)
          .put("title", body.path("title").asText())
          .put("body", body.path("body").asText())
          .put("merged", false)
          .putNull("merged_at");
      pr.putArray("requested_reviewers");
      pr.putArray("requested_reviewers_teams");
      pr.putObject("head").put("ref", head);
      pr.putObject("base").put("ref", base);
      ArrayNode l = pr.putArray("labels");
      body.path("labels").forEach(id -> l.add(label(id.asLong())));
      pulls.add(pr);
      return new Answer(201, pr);
    }
    m = pull.matcher(path);
    if (m.matches() && method.equals("PATCH")) {
      ObjectNode pr = find(Integer.parseInt(m.group(1)));
      if (pr == null) {
        return notFound();
      }
      for (String field : java.util.List.of("title", "body", "state")) {
        if (body.has(field)) {
          pr.put(field, body.path(field).asText());
        }
      }
      return new Answer(201, pr);
    }
    m = reviewers.matcher(path);
    if (m.matches() && method.equals("POST")) {
      ObjectNode pr = find(Integer.parseInt(m.group(1)));
      if (pr == null) {
        return notFound();
      }
      ArrayNode reviews = JSON.createArrayNode();
      for (JsonNode u : body.path("reviewers")) {
        pr.withArray("requested_reviewers").addObject().put("login", u.asText());
        ObjectNode review = reviews.addObject().put("state", "REQUEST_REVIEW");
        review.putObject("user").put("login", u.asText());
      }
      for (JsonNode t : body.path("team_reviewers")) {
        pr.withArray("requested_reviewers_teams").addObject().put("name", t.asText());
        ObjectNode review = reviews.addObject().put("state", "REQUEST_REVIEW");
        review.putObject("team").put("name", t.asText());
      }
      return new Answer(201, reviews);
    }
    m = comments.matcher(path);
    if (m.matches() && method.equals("POST")) {
      int n = Integer.parseInt(m.group(1));
      if (find(n) == null) {
        return notFound();
      }
      commentsPosted.add(n + ": " + body.path("body").asText());
      ObjectNode c = JSON.createObjectNode();
      c.put("id", commentsPosted.size()).put("body", body.path("body").asText());
      return new Answer(201, c);
    }
    m = issueLabels.matcher(path);
    if (m.matches() && method.equals("POST")) {
      ObjectNode pr = find(Integer.parseInt(m.group(1)));
      if (pr == null) {
        return notFound();
      }
      body.path("labels").forEach(id -> pr.withArray("labels").add(label(id.asLong())));
      return new Answer(200, pr.get("labels"));
    }
    return notFound();
  }

  private JsonNode label(long id) {
    for (JsonNode l : labels) {
      if (l.path("id").asLong() == id) {
        return l;
      }
    }
    throw new IllegalArgumentException("fake Gitea has no label id " + id);
  }

  private ObjectNode find(int number) {
    return pulls.stream().filter(p -> p.path("number").asInt() == number).findFirst().orElse(null);
  }
}
