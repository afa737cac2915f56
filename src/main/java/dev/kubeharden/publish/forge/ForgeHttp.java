package dev.kubeharden.publish.forge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeharden.publish.Secrets;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;

/**
 * JSON over HTTP for the forge clients: auth headers, timeouts, and one clear line for every
 * failure.
 */
final class ForgeHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Redirects followed within the forge's own origin, with the token (a renamed repository). */
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private static final int MAX_REDIRECTS = 5;

  /**
   * The largest answer read: a page of 100 pull requests with bodies at GitHub's 65,536-character
   * limit stays well below it.
   */
  static final int MAX_ANSWER = 16 << 20;

  /** The headers that carry the token. */
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("Authorization", "PRIVATE-TOKEN");

  private final String forge;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final Secrets secrets;
  private final HttpClient client;

  /**
   * @param forge the forge's name for messages ("GitHub")
   * @param headers sent with every request (authentication, Accept); the values of the credential
   *     headers never reach a message
   */
  ForgeHttp(String forge, Map<String, String> headers, Duration timeout, Secrets secrets) {
    this.forge = forge;
    this.headers = Map.copyOf(headers);
    this.timeout = timeout;
    Secrets s = secrets;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (!CREDENTIAL_HEADERS.contains(h.getKey())) {
        continue;
      }
      String v = h.getValue();
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

  /**
   * A JSON answer and the call it answers ("GitHub API GET URL"), so that an answer of the wrong
   * shape is reported against its call.
   */
  record Reply(JsonNode json, String where, int status) {
    ForgeException bad(String what) {
      return new ForgeException(
          where + ": HTTP " + status + " but the answer is " + what, status, false, null);
    }
  }

  Reply get(String url) throws ForgeException {
    return send("GET", url, null, (status, body) -> false);
  }

  /**
   * Sends one request and parses the JSON answer. {@code duplicate} tells, from status and body,
   * whether a failure is the forge's "this pull request already exists".
   */
  Reply send(String method, String url, Object body, BiPredicate<Integer, String> duplicate)
      throws ForgeException {
    String where =
        forge + " API " + method + " " + Secrets.stripUserInfo(url.replaceFirst("\\?.*", ""));
    URI target = URI.create(url);
    String origin = origin(target);
    HttpResponse<String> response = null;
    String m = method;
    Object b = body;
    for (int hops = 0; ; hops++) {
      response = exchange(where, m, target, b);
      int status = response.statusCode();
      String location = response.headers().firstValue("Location").orElse(null);
      if (!REDIRECTS.contains(status) || location == null) {
        break;
      }
      URI next;
      try {
        next = target.resolve(location);
      } catch (IllegalArgumentException e) {
        throw new ForgeException(
            where + ": HTTP " + status + " to a malformed Location", status, false, e);
      }
      if (!origin(next).equals(origin)) {
        throw new ForgeException(
            secrets.scrub(
                where
                    + ": redirected to "
                    + origin(next)
                    + next.getRawPath()
                    + ", another origin; kubeharden sends the token only to "
                    + origin
                    + " (if the forge moved, pass its new address as --forge-url)"),
            status,
            false,
            null);
      }
      if (hops == MAX_REDIRECTS) {
        throw new ForgeException(
            where + ": more than " + MAX_REDIRECTS + " redirects", status, false, null);
      }
      if (status == 303) {
        m = "GET";
        b = null;
      }
      target = next;
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
      return new Reply(
          response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body()),
          where,
          status);
    } catch (JsonProcessingException e) {
      throw new ForgeException(
          where + ": HTTP " + status + " but the answer is not JSON", status, false, e);
    }
  }

  /**
   * One request and its answer; redirects are not followed here. The whole exchange, body included,
   * ends within the timeout (the client's own timeout stops at the headers), and an answer larger
   * than {@link #MAX_ANSWER} is cut off.
   */
  private HttpResponse<String> exchange(String where, String method, URI target, Object body)
      throws ForgeException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(target).timeout(timeout);
    headers.forEach(rb::header);
    rb.header("Accept", headers.getOrDefault("Accept", "application/json"));
    if (body == null) {
      rb.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      rb.header("Content-Type", "application/json");
      rb.method(method, HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
    }
    CompletableFuture<HttpResponse<String>> answer =
        client.sendAsync(rb.build(), info -> new BoundedBody(MAX_ANSWER, info.statusCode()));
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw timedOut(where, e);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new ForgeException(where + ": interrupted", 0, false, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof BoundedBody.TooLarge large) {
        throw new ForgeException(
            where
                + ": HTTP "
                + large.status
                + " with an answer larger than "
                + (MAX_ANSWER >> 20)
                + " MiB; refusing it",
            large.status,
            false,
            cause);
      }
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(where, cause);
      }
      if (cause instanceof ConnectException) {
        throw new ForgeException(where + ": cannot connect" + detail(cause), 0, false, cause);
      }
      throw new ForgeException(secrets.scrub(where + ": " + cause), 0, false, cause);
    }
  }

  private ForgeException timedOut(String where, Throwable cause) {
    return new ForgeException(
        where + ": timed out after " + timeout.toSeconds() + "s", 0, false, cause);
  }

  /** scheme://host[:port] of a URL, lower case, the scheme's default port left out. */
  static String origin(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    return scheme + "://" + host + (port < 0 || port == defaultPort ? "" : ":" + port);
  }

  private static String detail(Throwable e) {
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
