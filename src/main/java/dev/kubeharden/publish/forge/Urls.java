package dev.kubeharden.publish.forge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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

  static String[] ownerAndName(String project, String forge) {
    int slash = project.indexOf('/');
    if (slash <= 0 || slash == project.length() - 1 || project.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          forge + " project must be OWNER/NAME (got '" + project + "')");
    }
    return new String[] {project.substring(0, slash), project.substring(slash + 1)};
  }
}
