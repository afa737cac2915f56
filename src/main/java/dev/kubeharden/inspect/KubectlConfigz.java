package dev.kubeharden.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a running kubelet's configuration through the API server: {@code kubectl get --raw
 * /api/v1/nodes/NAME/proxy/configz}. The caller needs {@code get} on {@code nodes/proxy} (or on
 * {@code nodes/configz} where the KubeletFineGrainedAuthz gate is on, default from 1.33). The bound
 * covers the whole call, output included: both streams are drained on their own threads (a kubectl
 * that fills its stderr pipe cannot block), and at the deadline kubectl and its children are
 * killed.
 */
public final class KubectlConfigz {
  /** The wall-clock bound on one kubectl call. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The most stdout kept (a configz JSON is tens of KiB); more is an error. */
  static final int MAX_OUTPUT = 16 * 1024 * 1024;

  /** The most stderr kept for the message; the rest is drained and dropped. */
  private static final int MAX_ERROR = 64 * 1024;

  private KubectlConfigz() {}

  /** The configz JSON; IOException when kubectl is missing, fails, or times out. */
  public static String fetch(String kubectl, String node) throws IOException {
    return fetch(kubectl, node, TIMEOUT);
  }

  /** As {@link #fetch(String, String)}, within {@code timeout}. */
  public static String fetch(String kubectl, String node, Duration timeout) throws IOException {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  List.of(kubectl, "get", "--raw", "/api/v1/nodes/" + node + "/proxy/configz"))
              .redirectErrorStream(false)
              .start();
    } catch (IOException e) {
      throw new IOException(
          kubectl + " not found or not runnable (--node needs kubectl and a kubeconfig)", e);
    }
    p.getOutputStream().close();
    Drain out = new Drain(p.getInputStream(), MAX_OUTPUT + 1);
    Drain err = new Drain(p.getErrorStream(), MAX_ERROR);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      boolean exited = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (exited) {
        long left = Math.max(0, deadline - System.nanoTime());
        // A child that kept the pipes open (kubectl's exec credential plugin) must not hold us.
        exited = out.join(left) && err.join(Math.max(0, deadline - System.nanoTime()));
      }
      if (!exited) {
        kill(p);
        throw new IOException(
            "kubectl did not answer within "
                + timeout.toSeconds()
                + " s fetching configz of node "
                + node
                + " (killed)");
      }
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      String msg = oneLine(err.text());
      throw new IOException(
          "kubectl failed fetching configz of node "
              + node
              + ": "
              + (msg.isEmpty() ? "exit " + p.exitValue() : msg));
    }
    if (out.size() > MAX_OUTPUT) {
      throw new IOException(
          "kubectl printed more than "
              + MAX_OUTPUT / (1024 * 1024)
              + " MiB for the configz of node "
              + node
              + "; that is not a kubelet's configuration");
    }
    return out.text();
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** The first line of kubectl's stderr, without control characters, at most 300 characters. */
  private static String oneLine(String s) {
    String line = s.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** Reads a stream to its end on a daemon thread, keeping at most {@code keep} bytes. */
  private static final class Drain {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;
    private long total;

    Drain(InputStream in, int keep) {
      thread =
          new Thread(
              () -> {
                byte[] buf = new byte[8192];
                try (in) {
                  for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (this) {
                      int room = Math.max(0, Math.min(n, keep - kept.size()));
                      kept.write(buf, 0, room);
                      total += n;
                    }
                  }
                } catch (IOException e) {
                  // the process was killed
                }
              },
              "kubectl-drain");
      thread.setDaemon(true);
      thread.start();
    }

    boolean join(long nanos) throws InterruptedException {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
      return !thread.isAlive();
    }

    synchronized long size() {
      return total;
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
