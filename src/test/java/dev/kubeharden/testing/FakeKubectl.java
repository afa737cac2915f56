package dev.kubeharden.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake kubectl, for tests only: {@code kubectl proxy --port=0} serves a recorded cluster on the
 * loopback the way the API server's REST paths answer (NodeList, the node proxy's /configz and
 * /flagz, Status objects for errors), and prints kubectl proxy's "Starting to serve on" line.
 *
 * <p>The recorded cluster is a directory: {@code nodes.json} (a v1 NodeList; label selectors of the
 * form {@code k=v}, {@code k!=v} and {@code k} are applied to it), and per node {@code
 * NODE/configz.json}, {@code NODE/flagz.json} (answered only to the structured Accept header; 404
 * when absent, as from a kubelet without ComponentFlagz) and {@code NODE/status} ("403", "503" or
 * "hang": no answer at all).
 */
public final class FakeKubectl {
  private FakeKubectl() {}

  /**
   * Writes an executable {@code kubectl} into {@code dir} that runs this fake on {@code cluster}.
   */
  public static Path install(Path dir, Path cluster) throws IOException {
    Path script = dir.resolve("kubectl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        script,
        "#!/bin/sh\nexec '"
            + java
            + "' -Xshare:auto -XX:TieredStopAtLevel=1 -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + FakeKubectl.class.getName()
            + " '"
            + cluster.toAbsolutePath()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Path cluster = Path.of(args[0]);
    if (args.length < 2 || !args[1].equals("proxy")) {
      System.err.println("error: the fake kubectl only serves 'kubectl proxy'");
      System.exit(1);
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> answer(cluster, ex));
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    PrintStream out = System.out;
    out.println("Starting to serve on 127.0.0.1:" + server.getAddress().getPort());
    out.flush();
    Thread.currentThread().join();
  }

  private static final Pattern NODE_PROXY =
      Pattern.compile("/api/v1/nodes/([a-z0-9.-]+)/proxy/(configz|flagz)");

  private static void answer(Path cluster, HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/api/v1/nodes")) {
        send(ex, 200, nodeList(cluster, selector(ex.getRequestURI().getRawQuery())));
        return;
      }
      Matcher m = NODE_PROXY.matcher(path);
      if (!m.matches() || !Files.isDirectory(cluster.resolve(m.group(1)))) {
        send(ex, 404, status(404, "NotFound", "the server could not find the requested resource"));
        return;
      }
      Path node = cluster.resolve(m.group(1));
      Path statusFile = node.resolve("status");
      String st = Files.exists(statusFile) ? Files.readString(statusFile).strip() : "";
      if (st.equals("hang")) {
        try {
          Thread.sleep(600_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      if (st.equals("403")) {
        send(
            ex,
            403,
            status(
                403,
                "Forbidden",
                "nodes \""
                    + m.group(1)
                    + "\" is forbidden: User \"ci\" cannot get resource \"nodes/proxy\" in API"
                    + " group \"\" at the cluster scope"));
        return;
      }
      if (st.equals("503")) {
        send(
            ex,
            503,
            status(
                503,
                "ServiceUnavailable",
                "error trying to reach service: dial tcp 10.0.0.9:10250: connect: connection refused"));
        return;
      }
      if (m.group(2).equals("flagz")) {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        Path flagz = node.resolve("flagz.json");
        if (!Files.exists(flagz)) {
          send(ex, 404, "404 page not found\n");
        } else if (accept == null
            || !accept.contains("as=Flagz")
            || !accept.contains("g=config.k8s.io")
            || !accept.contains("v=v1alpha1")) {
          send(ex, 406, status(406, "NotAcceptable", "only text/plain or the Flagz kind"));
        } else {
          send(ex, 200, Files.readString(flagz));
        }
        return;
      }
      send(ex, 200, Files.readString(node.resolve("configz.json")));
    }
  }

  private static Map<String, String> selector(String rawQuery) {
    Map<String, String> sel = new LinkedHashMap<>();
    if (rawQuery == null) {
      return sel;
    }
    for (String kv : rawQuery.split("&", -1)) {
      if (kv.startsWith("labelSelector=")) {
        String s =
            URLDecoder.decode(kv.substring("labelSelector=".length()), StandardCharsets.UTF_8);
        for (String term : s.split(",", -1)) {
          int ne = term.indexOf("!=");
          int eq = term.indexOf('=');
          if (ne > 0) {
            sel.put(term.substring(0, ne), "!" + term.substring(ne + 2));
          } else if (eq > 0) {
            sel.put(term.substring(0, eq), "=" + term.substring(eq + 1));
          } else {
            sel.put(term, "?");
          }
        }
      }
    }
    return sel;
  }

  /** The recorded NodeList, with only the items whose labels match. */
  private static String nodeList(Path cluster, Map<String, String> sel) throws IOException {
    String list = Files.readString(cluster.resolve("nodes.json"));
    if (sel.isEmpty()) {
      return list;
    }
    // The recording keeps one item a line: {"metadata": {"name": ..., "labels": {...}}}.
    List<String> kept = new ArrayList<>();
    for (String line : list.lines().toList()) {
      if (line.strip().startsWith("{\"metadata\"")) {
        boolean match = true;
        for (Map.Entry<String, String> e : sel.entrySet()) {
          String key = "\"" + e.getKey() + "\": \"";
          int at = line.indexOf(key);
          String value =
              at < 0
                  ? null
                  : line.substring(at + key.length(), line.indexOf('"', at + key.length()));
          String want = e.getValue();
          match &=
              want.equals("?")
                  ? value != null
                  : want.startsWith("!")
                      ? !want.substring(1).equals(value)
                      : want.substring(1).equals(value);
        }
        if (match) {
          kept.add(line.strip().replaceAll(",$", ""));
        }
      }
    }
    return "{\"kind\": \"NodeList\", \"apiVersion\": \"v1\", \"metadata\": {\"resourceVersion\": \"1\"},"
        + " \"items\": [\n"
        + String.join(",\n", kept)
        + "\n]}\n";
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\""
        + message.replace("\"", "\\\"")
        + "\",\"reason\":\""
        + reason
        + "\",\"code\":"
        + code
        + "}\n";
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders()
        .set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }
}
