package dev.kubeharden.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake forge API on the JDK's HTTP server at 127.0.0.1: it keeps pull requests in memory and
 * answers the documented paths, headers, status codes and bodies of GitHub, GitLab or Gitea,
 * including their duplicate-pull-request answers. It is a fake: only what kubeharden calls is
 * there.
 */
public abstract class FakeForge implements AutoCloseable {
  protected static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request as received: method, raw path and query, the headers kubeharden sends, and the
   * body.
   */
  public record Request(
      String method, String rawPathAndQuery, Map<String, String> headers, String body) {}

  private final HttpServer server;
  protected final String token;

  /** Open and closed pull requests, in creation order. */
  public final List<ObjectNode> pulls = Collections.synchronizedList(new ArrayList<>());

  public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  /**
   * How many of the next "list open" answers leave the open pull requests out (a create racing
   * another).
   */
  public final java.util.concurrent.atomic.AtomicInteger hideOpenOnNextLists =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A status every request gets instead of its answer (0: none), with {@link #failBody}. */
  public volatile int failStatus;

  public volatile String failBody = "{\"message\":\"fake failure\"}";

  /**
   * When set, every request waits (without answering) until the fake is closed: a forge that never
   * answers.
   */
  public volatile boolean hang;

  private volatile String[] redirect;

  /**
   * Answers requests whose path starts with {@code from} with {@code status} and a Location on this
   * fake's own origin, {@code from} replaced by {@code to} (a renamed repository).
   */
  public void redirect(String from, String to, int status) {
    redirect = new String[] {from, to, Integer.toString(status)};
  }

  /**
   * When set, every answer is status 200 and its headers, one byte of body, then nothing until the
   * fake is closed: a forge that stalls mid-answer.
   */
  public volatile boolean stallAfterHeaders;

  /** When positive, every answer is a 200 whose JSON body is this many bytes of blanks. */
  public volatile long floodBytes;

  private void awaitClose() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);

  protected FakeForge(String token) throws IOException {
    this.token = token;
    server =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests other than reads. */
  public List<Request> writes() {
    return requests.stream().filter(r -> !r.method().equals("GET")).toList();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h :
          List.of(
              "Authorization", "PRIVATE-TOKEN", "Accept", "X-GitHub-Api-Version", "Content-Type")) {
        if (ex.getRequestHeaders().getFirst(h) != null) {
          headers.put(h, ex.getRequestHeaders().getFirst(h));
        }
      }
      String raw = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      requests.add(
          new Request(
              ex.getRequestMethod(), raw + (query == null ? "" : "?" + query), headers, body));
      String[] r = redirect;
      if (r != null && raw.startsWith(r[0])) {
        ex.getResponseHeaders()
            .set(
                "Location",
                url() + r[1] + raw.substring(r[0].length()) + (query == null ? "" : "?" + query));
        ex.sendResponseHeaders(Integer.parseInt(r[2]), -1);
        return;
      }
      if (hang) {
        awaitClose();
        return;
      }
      if (stallAfterHeaders) {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream o = ex.getResponseBody();
        o.write('[');
        o.flush();
        awaitClose();
        return;
      }
      if (floodBytes > 0) {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try (OutputStream o = ex.getResponseBody()) {
          o.write('[');
          for (long sent = 0; sent < floodBytes; sent += chunk.length) {
            o.write(chunk);
          }
          o.write(']');
        } catch (IOException e) {
          // the client hung up, as it should once the answer is too large
        }
        return;
      }
      if (failStatus != 0) {
        send(ex, failStatus, failBody);
        return;
      }
      if (!authorized(ex)) {
        send(ex, 401, unauthorizedBody());
        return;
      }
      Answer a =
          answer(
              ex.getRequestMethod(),
              raw,
              query(query),
              body.isEmpty() ? null : JSON.readTree(body));
      send(ex, a.status(), a.body() instanceof String s ? s : JSON.writeValueAsString(a.body()));
    }
  }

  protected record Answer(int status, Object body) {}

  protected abstract boolean authorized(HttpExchange ex);

  protected abstract String unauthorizedBody();

  protected abstract Answer answer(
      String method, String rawPath, Map<String, String> query, JsonNode body);

  /** Open pull requests, unless this answer is one of the hidden ones. */
  protected List<ObjectNode> openPulls(String stateField, String openState) {
    if (hideOpenOnNextLists.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return List.of();
    }
    synchronized (pulls) {
      return pulls.stream().filter(p -> p.path(stateField).asText().equals(openState)).toList();
    }
  }

  protected static ArrayNode array(List<? extends JsonNode> items) {
    ArrayNode a = JSON.createArrayNode();
    items.forEach(a::add);
    return a;
  }

  protected static Answer notFound() {
    return new Answer(404, "{\"message\":\"Not Found\"}");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&", -1)) {
        int eq = kv.indexOf('=');
        q.put(
            URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream o = ex.getResponseBody()) {
        o.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
