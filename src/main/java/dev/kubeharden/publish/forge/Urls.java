package dev.kubeharden.publish.forge;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the forge clients. */
final class Urls {
  private Urls() {}

  /** Percent-encodes one path segment or query value ('/' included, space as %20). */
  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Text values, or the "name" of object values, of a JSON array. */
  static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode n : array) {
        out.add(n.isTextual() ? n.asText() : n.path("name").asText());
      }
    }
    return out;
  }

  static String[] ownerAndName(String project, String forge) {
    int slash = project.indexOf('/');
    if (slash <= 0 || slash == project.length() - 1 || project.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          forge + " project must be OWNER/NAME (got '" + project + "')");
    }
    return new String[] {project.substring(0, slash), project.substring(slash + 1)};
  }
}
