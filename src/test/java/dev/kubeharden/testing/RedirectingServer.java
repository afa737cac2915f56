package dev.kubeharden.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A real HTTP server on 127.0.0.1 that answers every request with a redirect to the same path and
 * query on another origin (a moved repository, or a server sending clients elsewhere), and records
 * what it received.
 */
public final class RedirectingServer implements AutoCloseable {
  private final HttpServer server;
  private final String target;
  private final int status;

  /** Every request: "METHOD /path?query", "(with Authorization)" when that header came. */
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param target the origin redirected to, such as {@code http://127.0.0.1:PORT}
   * @param status 301, 302, 303, 307 or 308
   */
  public RedirectingServer(String target, int status) throws IOException {
    this.target = target;
    this.status = status;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      String where = path + (query == null ? "" : "?" + query);
      requests.add(
          ex.getRequestMethod()
              + " "
              + where
              + (ex.getRequestHeaders().getFirst("Authorization") == null
                  ? ""
                  : " (with Authorization)"));
      ex.getResponseHeaders().set("Location", target + where);
      ex.sendResponseHeaders(status, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
