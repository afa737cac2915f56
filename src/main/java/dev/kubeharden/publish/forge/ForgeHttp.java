package dev.kubeharden.publish.forge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeharden.publish.Secrets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * JSON over HTTP for the forge clients: auth headers, timeouts, and one clear line for every
 * failure.
 */
final class ForgeHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String forge;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final Secrets secrets;
  private final HttpClient client;

  /**
   * @param forge the forge's name for messages ("GitHub")
   * @param headers sent with every request (authentication, Accept); their values never reach a
   *     message
   */
  ForgeHttp(String forge, Map<String, String> headers, Duration timeout, Secrets secrets) {
    this.forge = forge;
    this.headers = Map.copyOf(headers);
    this.timeout = timeout;
    Secrets s = secrets;
    for (String v : headers.values()) {
      s = s.with(v);
      int space = v.indexOf(' ');
      if (space > 0) {
        s = s.with(v.substring(space + 1));
      }
    }
    this.secrets = s;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  JsonNode get(String url) throws ForgeException {
    return send("GET", url, null, (status, body) -> false);
  }

  /**
   * Sends one request and parses the JSON answer. {@code duplicate} tells, from status and body,
   * whether a failure is the forge's "this pull request already exists".
   */
  JsonNode send(String method, String url, Object body, BiPredicate<Integer, String> duplicate)
      throws ForgeException {
    String where =
        forge + " API " + method + " " + Secrets.stripUserInfo(url.replaceFirst("\\?.*", ""));
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    headers.forEach(rb::header);
    rb.header("Accept", headers.getOrDefault("Accept", "application/json"));
    if (body == null) {
      rb.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      rb.header("Content-Type", "application/json");
      rb.method(method, HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
    }
    HttpResponse<String> response;
    try {
      response =
          client.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new ForgeException(
          where + ": timed out after " + timeout.toSeconds() + "s", 0, false, e);
    } catch (ConnectException e) {
      throw new ForgeException(where + ": cannot connect" + detail(e), 0, false, e);
    } catch (IOException e) {
      throw new ForgeException(secrets.scrub(where + ": " + e), 0, false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForgeException(where + ": interrupted", 0, false, e);
    }
    int status = response.statusCode();
    if (status >= 300) {
      String text = errorText(response.body());
      String msg =
          where + ": HTTP " + status + " " + meaning(status) + (text.isEmpty() ? "" : ": " + text);
      throw new ForgeException(
          secrets.scrub(msg), status, duplicate.test(status, response.body()), null);
    }
    try {
      return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new ForgeException(
          where + ": HTTP " + status + " but the answer is not JSON", status, false, e);
    }
  }

  private static String detail(Exception e) {
    return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String meaning(int status) {
    return switch (status) {
      case 401 -> "Unauthorized (check the token)";
      case 403 -> "Forbidden (the token lacks a permission)";
      case 404 -> "Not Found (check --forge-url, --forge-project and the token's access)";
      case 409 -> "Conflict";
      case 422 -> "Unprocessable Entity";
      default -> status >= 500 ? "server error" : status < 400 ? "unexpected redirect" : "";
    };
  }

  /**
   * The forge's own explanation: "message" (GitHub, Gitea, GitLab), "error", and GitHub's
   * errors[].message.
   */
  static String errorText(String body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return "";
    }
    if (n == null || !n.isObject()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String key : List.of("message", "error")) {
      JsonNode v = n.get(key);
      if (v != null && !v.isNull()) {
        parts.add(v.isTextual() ? v.asText() : v.toString());
      }
    }
    JsonNode errors = n.get("errors");
    if (errors != null && errors.isArray()) {
      for (JsonNode e : errors) {
        if (e.hasNonNull("message")) {
          parts.add(e.get("message").asText());
        }
      }
    }
    String s = String.join("; ", parts);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
