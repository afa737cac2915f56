package dev.kubeharden.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of GitHub's REST API for one repository OWNER/NAME: pulls, issue labels, requested
 * reviewers and issue comments.
 *
 * <p>Endpoints, as documented at https://docs.github.com/en/rest/pulls/pulls : GET and POST
 * /repos/{owner}/{repo}/pulls, PATCH /repos/{owner}/{repo}/pulls/{pull_number} (title, body, state
 * "closed"); https://docs.github.com/en/rest/issues/comments : POST
 * /repos/{owner}/{repo}/issues/{issue_number}/comments (201 with the comment).
 */
public final class FakeGitHub extends FakeForge {
  private final String owner;
  private final Pattern pullsPath;
  private final Pattern pull;
  private final Pattern labels;
  private final Pattern reviewers;
  private final Pattern comments;

  /** Comments posted on pull requests: "number: body". */
  public final java.util.List<String> commentsPosted =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  public FakeGitHub(String project, String token) throws IOException {
    super(token);
    this.owner = project.substring(0, project.indexOf('/'));
    String repo = "/repos/" + Pattern.quote(project);
    this.pullsPath = Pattern.compile(repo + "/pulls");
    this.pull = Pattern.compile(repo + "/pulls/(\\d+)");
    this.labels = Pattern.compile(repo + "/issues/(\\d+)/labels");
    this.reviewers = Pattern.compile(repo + "/pulls/(\\d+)/requested_reviewers");
    this.comments = Pattern.compile(repo + "/issues/(\\d+)/comments");
  }

  @Override
  protected boolean authorized(HttpExchange ex) {
    return ("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"));
  }

  @Override
  protected String unauthorizedBody() {
    return "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}";
  }

  @Override
  protected Answer answer(String method, String path, Map<String, String> q, JsonNode body) {
    Matcher m;
    if (pullsPath.matcher(path).matches() && method.equals("GET")) {
      return new Answer(
          200,
          array(
              ("closed".equals(q.get("state"))
                      ? pulls.stream().filter(p -> p.path("state").asText().equals("closed"))
                      : openPulls("state", "open").stream())
                  .filter(
                      p ->
                          q.get("head") == null
                              || q.get("head")
                                  .equals(owner + ":" + p.path("head").path("ref").asText()))
                  .filter(
                      p ->
                          q.get("base") == null
                              || q.get("base").equals(p.path("base").path("ref").asText()))
                  .toList()));
    }
    if (pullsPath.matcher(path).matches() && method.equals("POST")) {
      String head = body.path("head").asText();
      boolean exists =
          pulls.stream()
              .anyMatch(
                  p ->
                      p.path("state").asText().equals("open")
                          && p.path("head").path("ref").asText().equals(head));
      if (exists) {
        return new Answer(
            422,
            "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\","
                + "\"code\":\"custom\",\"message\":\"A pull request already exists for "
                + owner
                + ":"
                + head
                + ".\"}],"
                + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\",\"status\":\"422\"}");
      }
      int n = pulls.size() + 1;
      ObjectNode pr = JSON.createObjectNode();
      pr.put("number", n)
          .put("state", "open")
          .put("html_url", "https://github.example/" + owner + "/pull/" + n)
          .put("title", body.path("title").asText())
          .put("body", body.path("body").asText())
          .put("draft", body.path("draft").asBoolean())
          .putNull("merged_at");
      pr.putObject("head").put("ref", head);
      pr.putObject("base").put("ref", body.path("base").asText());
      pr.putArray("labels");
      pulls.add(pr);
      return new Answer(201, pr);
    }
    m = pull.matcher(path);
    if (m.matches() && method.equals("PATCH")) {
      ObjectNode pr = find(Integer.parseInt(m.group(1)));
      if (pr == null) {
        return notFound();
      }
      body.properties().forEach(e -> pr.set(e.getKey(), e.getValue()));
      return new Answer(200, pr);
    }
    m = reviewers.matcher(path);
    if (m.matches() && method.equals("POST")) {
      // POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers: 201 with the pull
      ObjectNode pr = find(Integer.parseInt(m.group(1)));
      if (pr == null) {
        return notFound();
      }
      for (JsonNode u : body.path("reviewers")) {
        pr.withArray("requested_reviewers").addObject().put("login", u.asText());
      }
      for (JsonNode t : body.path("team_reviewers")) {
        pr.withArray("requested_teams").addObject().put("slug", t.asText());
      }
      return new Answer(201, pr);
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
    m = labels.matcher(path);
    if (m.matches() && method.equals("POST")) {
      ObjectNode pr = find(Integer.parseInt(m.group(1)));
      if (pr == null) {
        return notFound();
      }
      for (JsonNode l : body.path("labels")) {
        pr.withArray("labels").addObject().put("name", l.asText());
      }
      return new Answer(200, pr.get("labels"));
    }
    return notFound();
  }

  private ObjectNode find(int number) {
    return pulls.stream().filter(p -> p.path("number").asInt() == number).findFirst().orElse(null);
  }
}
