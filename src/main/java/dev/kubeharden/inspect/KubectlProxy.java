package dev.kubeharden.inspect;

import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running cluster read through {@code kubectl proxy}: kubectl stays the transport (it honours the
 * user's kubeconfig, contexts and auth plugins), and kubeharden talks HTTP to the proxy on the
 * loopback, which lets it send the Accept header the kubelet's structured /flagz needs ({@code
 * kubectl get --raw} cannot set headers). Every call has a wall-clock bound; kubectl's stdout is
 * drained on its own thread and its stderr goes to a private temporary file (its first 64 KiB are
 * read for messages); {@link #close} ends the proxy and deletes the file.
 *
 * <p>RBAC through the API server's node proxy: {@code get} on {@code nodes/proxy} (the API server
 * authorizes the proxy subresource; the kubelet's fine-grained authorization only changes what the
 * kubelet asks of its own caller), and {@code list} on {@code nodes} for {@code --all-nodes}.
 */
public final class KubectlProxy implements AutoCloseable {
  /** kubectl proxy's first line of output (staging/src/k8s.io/kubectl/pkg/cmd/proxy/proxy.go). */
  private static final Pattern SERVING =
      Pattern.compile("Starting to serve on 127\\.0\\.0\\.1:(\\d+)");

  /** The most a response may hold (a configz is about 10 KiB). */
  private static final int MAX_BODY = 4 << 20;

  private final Process process;
  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final java.nio.file.Path stderr;

  private KubectlProxy(Process process, int port, Duration timeout, java.nio.file.Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.base = URI.create("http://127.0.0.1:" + port);
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** kubectl proxy is given this long to start serving (it contacts nothing before it serves). */
  private static final Duration START = Duration.ofSeconds(30);

  /**
   * Starts {@code kubectl proxy} on a free loopback port, each later call bounded by {@code
   * timeout}; IOException when it does not start.
   */
  public static KubectlProxy start(String kubectl, Duration timeout) throws IOException {
    return start(kubectl, timeout, START);
  }

  /** As {@link #start(String, Duration)}, waiting {@code start} for kubectl to serve. */
  static KubectlProxy start(String kubectl, Duration timeout, Duration start) throws IOException {
    // kubectl's stderr goes to a private file, read when it is needed: a pipe drained by a thread
    // can lose what a process wrote just before it exited (the JDK swaps the pipe's stream when it
    // reaps the process), and then the one line would lose kubectl's reason.
    java.nio.file.Path err =
        java.nio.file.Files.createTempFile(
            "kubeharden-kubectl-",
            ".err",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Process p;
    try {
      p =
          new ProcessBuilder(
                  kubectl,
                  "proxy",
                  "--port=0",
                  "--address=127.0.0.1",
                  "--accept-hosts=^127\\.0\\.0\\.1$",
                  "--reject-methods=POST,PUT,PATCH,DELETE")
              .redirectError(err.toFile())
              .start();
    } catch (IOException e) {
      java.nio.file.Files.deleteIfExists(err);
      throw new IOException(
          kubectl + " not found or not runnable (needs kubectl and a kubeconfig)", e);
    }
    p.getOutputStream().close();
    CompletableFuture<Integer> port =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                StringBuilder line = new StringBuilder();
                InputStream in = p.getInputStream();
                for (int c; (c = in.read()) >= 0 && line.length() < 4096; ) {
                  if (c == '\n') {
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                      drain(in);
                      return Integer.parseInt(m.group(1));
                    }
                    line.setLength(0);
                  } else {
                    line.append((char) c);
                  }
                }
                drain(in); // a line too long: let kubectl go on
                return -1;
              } catch (IOException e) {
                return -1;
              }
            });
    int found;
    try {
      found = port.get(start.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      found = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      found = -1;
    } catch (ExecutionException e) {
      found = -1;
    }
    if (found <= 0) {
      Integer exit = null;
      try {
        // kubectl closed its stdout without serving: it is exiting (give it a moment to say how)
        if (port.isDone() && p.waitFor(1, TimeUnit.SECONDS)) {
          exit = p.exitValue();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // The parent first, then the children it had: killed the other way round, a wrapper
      // (a shell) lives long enough to report its child's death ("Killed") on the stderr read
      // below.
      List<ProcessHandle> children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      String first = oneLine(head(err));
      java.nio.file.Files.deleteIfExists(err);
      throw new IOException(
          (exit != null
                  ? "kubectl proxy failed (exit " + exit + ")"
                  : "kubectl proxy did not start within " + start.toSeconds() + " s")
              + (first.isEmpty() ? "" : ": " + first));
    }
    return new KubectlProxy(p, found, timeout, err);
  }

  /** The first line of kubectl's stderr, control characters replaced, at most 300 characters. */
  static String oneLine(String s) {
    String line = s.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** Reads a stream to its end on a daemon thread, dropping what it reads. */
  private static void drain(InputStream in) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                while (in.read(buf) >= 0) {
                  // kubectl's later output is not needed; it must only never block on a full pipe
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "kubectl-drain");
    t.setDaemon(true);
    t.start();
  }

  /** An HTTP answer: its status and body (at most {@value #MAX_BODY} bytes). */
  public record Answer(int status, String body) {
    public boolean ok() {
      return status == 200;
    }

    /** The API server's Status message (or the start of the body), for one line of error. */
    public String reason() {
      try {
        Node n = ParsedYaml.load("status", body);
        if (n instanceof Node.MapNode m && m.get("message") instanceof Node.Scalar s) {
          return "HTTP " + status + ": " + oneLine(s.text());
        }
      } catch (InvalidInputException | IllegalArgumentException e) {
        // not a Status object
      }
      String line = oneLine(body);
      return "HTTP " + status + (line.isEmpty() ? "" : ": " + line);
    }
  }

  /** GET {@code path} through the proxy, bounded by the timeout. */
  public Answer get(String path, String accept) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Accept", accept)
            .GET()
            .build();
    CompletableFuture<HttpResponse<InputStream>> f =
        http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
    try {
      HttpResponse<InputStream> r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      try (InputStream in = r.body()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          if (out.size() > MAX_BODY) {
            throw new IOException(
                path + ": the answer is larger than " + (MAX_BODY >> 20) + " MiB");
          }
          if (System.nanoTime() > deadline) {
            throw new IOException(
                path + ": no complete answer within " + timeout.toSeconds() + " s");
          }
        }
        return new Answer(r.statusCode(), out.toString(StandardCharsets.UTF_8));
      }
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IOException(path + ": no answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof java.net.http.HttpTimeoutException) {
        // HttpClient's own request timeout fired first: the same bound, the same message.
        throw new IOException(path + ": no answer within " + timeout.toSeconds() + " s", c);
      }
      throw new IOException(
          path + ": " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()),
          c);
    }
  }

  /** The names of the nodes that match {@code selector} (a label selector, or null for all). */
  public List<String> nodeNames(String selector) throws IOException {
    String path =
        "/api/v1/nodes"
            + (selector == null
                ? ""
                : "?labelSelector=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
    Answer a = get(path, "application/json");
    if (!a.ok()) {
      throw new IOException("listing nodes failed: " + a.reason());
    }
    Node root;
    try {
      root = ParsedYaml.load("nodes", a.body());
    } catch (InvalidInputException e) {
      throw new IOException("listing nodes: the API server's answer is not JSON", e);
    }
    if (!(root instanceof Node.MapNode m) || !(m.get("items") instanceof Node.SeqNode items)) {
      throw new IOException("listing nodes: expected a NodeList with items");
    }
    List<String> names = new ArrayList<>();
    for (Node item : items.items()) {
      if (item instanceof Node.MapNode i
          && i.get("metadata") instanceof Node.MapNode meta
          && meta.get("name") instanceof Node.Scalar name) {
        names.add(name.text());
      }
    }
    return names;
  }

  /**
   * One node's kubelet as the API server's node proxy shows it: /configz, and the structured /flagz
   * where the kubelet serves it (1.35+ with ComponentFlagz; a 404 or 406 means it does not). A node
   * that cannot be read is {@link NodeInputs#unreadable}, never a pass.
   */
  public NodeInputs node(String name) {
    String prefix = "/api/v1/nodes/" + name + "/proxy/";
    try {
      Answer configz = get(prefix + "configz", "application/json");
      if (!configz.ok()) {
        return NodeInputs.unreadable(name, "/configz: " + configz.reason());
      }
      Answer flagz = get(prefix + "flagz", Flagz.ACCEPT);
      return NodeInputs.live(
          name, "kubectl configz of " + name, configz.body(), flagz.ok() ? flagz.body() : null);
    } catch (IOException e) {
      return NodeInputs.unreadable(name, e.getMessage());
    }
  }

  /** What kubectl printed on stderr (the first 64 KiB). */
  public String stderr() {
    return head(stderr);
  }

  /** The first 64 KiB of a file, as text; empty when it cannot be read. */
  private static String head(java.nio.file.Path file) {
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      return new String(in.readNBytes(65536), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      java.nio.file.Files.deleteIfExists(stderr);
    } catch (IOException e) {
      // a leftover empty-ish file in the temporary directory
    }
  }
}
