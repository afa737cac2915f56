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
 * (group%2Fname), as GitLab requires: merge requests with state=opened, PRIVATE-TOKEN
 * authentication, 409 for a duplicate.
 */
public final class FakeGitLab extends FakeForge {
  private final Pattern mrs;
  private final Pattern mr;

  public FakeGitLab(String project, String token) throws IOException {
    super(token);
    String p =
        "/api/v4/projects/" + Pattern.quote(URLEncoder.encode(project, StandardCharsets.UTF_8));
    this.mrs = Pattern.compile(p + "/merge_requests");
    this.mr = Pattern.compile(p + "/merge_requests/(\\d+)");
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
      if (!"opened".equals(q.get("state"))) {
        return new Answer(400, "{\"error\":\"state does not have a valid value\"}");
      }
      return new Answer(
          200,
          array(
              openPulls("state", "opened").stream()
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
      ObjectNode pr =
          super.pulls.stream()
              .filter(p -> p.path("iid").asInt() == Integer.parseInt(m.group(1)))
              .findFirst()
              .orElse(null);
      if (pr == null) {
        return notFound();
      }
      pr.put("title", body.path("title").asText())
          .put("description", body.path("description").asText());
      if (body.hasNonNull("add_labels")) {
        for (String l : body.path("add_labels").asText().split(",", -1)) {
          pr.withArray("labels").add(l);
        }
      }
      return new Answer(200, pr);
    }
    return new Answer(404, "{\"message\":\"404 Project Not Found\"}");
  }
}
