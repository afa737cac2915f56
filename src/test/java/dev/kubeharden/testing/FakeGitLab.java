package dev.kubeharden.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of GitLab's REST API v4 for one project, addressed only by its URL-encoded path
 * (group%2Fname), as GitLab requires: merge requests listed by state, PRIVATE-TOKEN authentication,
 * 409 for a duplicate, reviewers by user id, closing and notes.
 *
 * <p>Endpoints, as documented at https://docs.gitlab.com/api/merge_requests/ : GET
 * /projects/:id/merge_requests (state opened, closed, locked, merged or all), POST (create), PUT
 * /projects/:id/merge_requests/:iid (title, description, add_labels, reviewer_ids, state_event);
 * https://docs.gitlab.com/api/notes/ : POST /projects/:id/merge_requests/:iid/notes; and
 * https://docs.gitlab.com/api/users/ : GET /users?username=NAME (an array, empty when there is no
 * such user).
 */
public final class FakeGitLab extends FakeForge {
  private final Pattern mrs;
  private final Pattern mr;
  private final Pattern notes;

  /** The instance's users by username, with their ids. */
  public final Map<String, Integer> users =
      new java.util.concurrent.ConcurrentHashMap<>(Map.of("alice", 11, "bob", 12, "carol", 13));

  /** Notes posted on merge requests: "iid: body". */
  public final java.util.List<String> notesPosted =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  public FakeGitLab(String project, String token) throws IOException {
    super(token);
    String p =
        "/api/v4/projects/" + Pattern.quote(URLEncoder.encode(project, StandardCharsets.UTF_8));
    this.mrs = Pattern.compile(p + "/merge_requests");
    this.mr = Pattern.compile(p + "/merge_requests/(\\d+)");
    this.notes = Pattern.compile(p + "/merge_requests/(\\d+)/notes");
  }

  @Override
  protected boolean authorized(HttpExchange ex) {
    return token.equals(ex.getRequestHeaders().getFirst("PRIVATE-TOKEN"));
  }

  @Override
  protected String unauthorizedBody() {
    return "{\"message\":\"401 Unauthorized\"}";
  }

  @Override
  protected Answer answer(String method, String path, Map<String, String> q, JsonNode body) {
    Matcher m;
    if (mrs.matcher(path).matches() && method.equals("GET")) {
      String state = q.getOrDefault("state", "all");
      if (!java.util.List.of("opened", "closed", "locked", "merged", "all").contains(state)) {
        return new Answer(400, "{\"error\":\"state does not have a valid value\"}");
      }
      // most recently created first, GitLab's default order
      java.util.List<ObjectNode> listed =
          new java.util.ArrayList<>(
              state.equals("opened")
                  ? openPulls("state", "opened")
                  : super.pulls.stream()
                      .filter(p -> state.equals("all") || p.path("state").asText().equals(state))
                      .toList());
      java.util.Collections.reverse(listed);
      return new Answer(
          200,
          array(
              listed.stream()
                  .filter(
                      p ->
                          q.get("source_branch") == null
                              || q.get("source_branch").equals(p.path("source_branch").asText()))
                  .filter(
                      p ->
                          q.get("target_branch") == null
                              || q.get("target_branch").equals(p.path("target_branch").asText()))
                  .toList()));
    }
    if (mrs.matcher(path).matches() && method.equals("POST")) {
      String source = body.path("source_branch").asText();
      ObjectNode open =
          super.pulls.stream()
              .filter(
                  p ->
                      p.path("state").asText().equals("opened")
                          && p.path("source_branch").asText().equals(source))
              .findFirst()
              .orElse(null);
      if (open != null) {
        return new Answer(
            409,
            "{\"message\":[\"Another open merge request already exists for this source branch: !"
                + open.path("iid").asInt()
                + "\"]}");
      }
      int iid = super.pulls.size() + 1;
      ObjectNode pr = JSON.createObjectNode();
      String title = body.path("title").asText();
      pr.put("iid", iid)
          .put("state", "opened")
          .put("web_url", "https://gitlab.example/merge_requests/" + iid)
          .put("title", title)
          .put("description", body.path("description").asText())
          .put("draft", title.startsWith("Draft: "))
          .put("source_branch", source)
          .put("target_branch", body.path("target_branch").asText());
      pr.putArray("reviewers");
      var labels = pr.putArray("labels");
      if (body.hasNonNull("labels")) {
        for (String l : body.path("labels").asText().split(",", -1)) {
          labels.add(l);
        }
      }
      super.pulls.add(pr);
      return new Answer(201, pr);
    }
    m = mr.matcher(path);
    if (m.matches() && method.equals("PUT")) {
      int number = Integer.parseInt(m.group(1));
      ObjectNode pr =
          super.pulls.stream()
              .filter(p -> p.path("iid").asInt() == number)
              .findFirst()
              .orElse(null);
      if (pr == null) {
        return notFound();
      }
      if (body.has("title")) {
        pr.put("title", body.path("title").asText());
      }
      if (body.has("description")) {
        pr.put("description", body.path("description").asText());
      }
      if (body.has("reviewer_ids")) {
        var reviewers = pr.putArray("reviewers");
        for (JsonNode id : body.path("reviewer_ids")) {
          users.forEach(
              (name, uid) -> {
                if (uid == id.asInt()) {
                  reviewers.addObject().put("id", uid).put("username", name);
                }
              });
        }
      }
      if ("close".equals(body.path("state_event").asText())) {
        pr.put("state", "closed");
      }
      if (body.hasNonNull("add_labels")) {
        for (String l : body.path("add_labels").asText().split(",", -1)) {
          pr.withArray("labels").add(l);
        }
      }
      return new Answer(200, pr);
    }
    m = notes.matcher(path);
    if (m.matches() && method.equals("POST")) {
      int iid = Integer.parseInt(m.group(1));
      if (super.pulls.stream().noneMatch(p -> p.path("iid").asInt() == iid)) {
        return new Answer(404, "{\"message\":\"404 Not found\"}");
      }
      notesPosted.add(iid + ": " + body.path("body").asText());
      ObjectNode note = JSON.createObjectNode();
      note.put("id", notesPosted.size()).put("body", body.path("body").asText());
      return new Answer(201, note);
    }
    if (path.equals("/api/v4/users") && method.equals("GET")) {
      Integer id = users.get(q.getOrDefault("username", ""));
      return new Answer(
          200,
          id == null
              ? JSON.createArrayNode()
              : array(
                  java.util.List.of(
                      JSON.createObjectNode().put("id", id).put("username", q.get("username")))));
    }
    return new Answer(404, "{\"message\":\"404 Project Not Found\"}");
  }
}
