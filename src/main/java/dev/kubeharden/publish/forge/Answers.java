package dev.kubeharden.publish.forge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads forge answers only when they have the documented shape: a list is a JSON array, a pull
 * request has a positive number, an http(s) web URL without control or invisible characters, a
 * string title. Anything else is refused with one line naming the call, so a wrong answer never
 * becomes pull request #0 or "pull request: null".
 */
final class Answers {
  private static final Pattern WEB_URL =
      Pattern.compile("(?i)https?://[^\\s\\p{Cntrl}\\p{Cf}]{1,2000}");

  /**
   * The fields a forge names differently.
   *
   * @param noun "pull request" or "merge request"
   * @param draftPrefix the title prefix that marks a draft ("Draft: ", "WIP: "), or "" for none
   */
  record Fields(String noun, String number, String url, String body, String draftPrefix) {}

  static final Fields GITHUB = new Fields("pull request", "number", "html_url", "body", "");
  static final Fields GITLAB =
      new Fields("merge request", "iid", "web_url", "description", GitLabClient.DRAFT);
  static final Fields GITEA =
      new Fields("pull request", "number", "html_url", "body", GiteaClient.DRAFT);

  private Answers() {}

  /** The answer's items; it must be a JSON array. */
  static List<JsonNode> array(ForgeHttp.Reply r) throws ForgeException {
    if (!r.json().isArray()) {
      throw r.bad("not a JSON array");
    }
    List<JsonNode> items = new ArrayList<>();
    r.json().forEach(items::add);
    return items;
  }

  /** The pull request of an answer that is one. */
  static PullRequest pullRequest(ForgeHttp.Reply r, Fields f) throws ForgeException {
    return pullRequest(r, r.json(), f);
  }

  /** {@code n}, one pull request of the answer {@code r}. */
  static PullRequest pullRequest(ForgeHttp.Reply r, JsonNode n, Fields f) throws ForgeException {
    String not = "not a " + f.noun();
    if (n == null || !n.isObject()) {
      throw r.bad(not);
    }
    JsonNode number = n.get(f.number());
    if (number == null
        || !number.isIntegralNumber()
        || !number.canConvertToLong()
        || number.asLong() <= 0) {
      throw r.bad(not + ": no positive integer \"" + f.number() + "\"");
    }
    JsonNode url = n.get(f.url());
    if (url == null || !url.isTextual() || !WEB_URL.matcher(url.asText()).matches()) {
      throw r.bad(not + ": \"" + f.url() + "\" is not an http(s) URL");
    }
    JsonNode title = n.get("title");
    if (title == null || !title.isTextual()) {
      throw r.bad(not + ": \"title\" is not a string");
    }
    JsonNode body = n.get(f.body());
    if (body != null && !body.isNull() && !body.isTextual()) {
      throw r.bad(not + ": \"" + f.body() + "\" is not a string");
    }
    JsonNode labels = n.get("labels");
    List<String> names =
        labels == null || labels.isNull() ? List.of() : labelNames(r, labels, not + ": ");
    String t = title.asText();
    boolean prefixed = !f.draftPrefix().isEmpty() && t.startsWith(f.draftPrefix());
    JsonNode draft = n.get("draft");
    List<String> reviewers = new ArrayList<>();
    for (String key : List.of("requested_reviewers", "reviewers")) {
      for (JsonNode u : n.path(key)) {
        String login = u.path("login").asText(u.path("username").asText(""));
        if (!login.isEmpty()) {
          reviewers.add(login);
        }
      }
    }
    // GitHub's requested_teams by slug, Gitea's requested_reviewers_teams by name
    for (JsonNode team : n.path("requested_teams")) {
      if (team.path("slug").isTextual()) {
        reviewers.add(team.path("slug").asText());
      }
    }
    for (JsonNode team : n.path("requested_reviewers_teams")) {
      if (team.path("name").isTextual()) {
        reviewers.add(team.path("name").asText());
      }
    }
    return new PullRequest(
        number.asLong(),
        url.asText(),
        prefixed ? t.substring(f.draftPrefix().length()) : t,
        body == null || body.isNull() ? "" : body.asText(),
        names,
        prefixed || (draft != null && draft.isBoolean() && draft.asBoolean()),
        reviewers);
  }

  /** The names of an answer that is a list of labels (strings, or objects with a name). */
  static List<String> labelNames(ForgeHttp.Reply r) throws ForgeException {
    return labelNames(r, r.json(), "");
  }

  private static List<String> labelNames(ForgeHttp.Reply r, JsonNode labels, String context)
      throws ForgeException {
    if (!labels.isArray()) {
      throw r.bad(context + "\"labels\" is not a list of labels");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode l : labels) {
      JsonNode name = l.isTextual() ? l : l.get("name");
      if (name == null || !name.isTextual()) {
        throw r.bad(context + "\"labels\" is not a list of labels");
      }
      out.add(name.asText());
    }
    return out;
  }

  /** A label's positive integer id, for Gitea. */
  static long id(ForgeHttp.Reply r, JsonNode label) throws ForgeException {
    JsonNode id = label.get("id");
    if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
      throw r.bad("not a list of labels: no positive integer \"id\"");
    }
    return id.asLong();
  }
}
