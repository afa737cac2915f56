package dev.kubeharden.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a running kubelet's configuration through the API server: {@code kubectl get --raw
 * /api/v1/nodes/NAME/proxy/configz}. The caller needs {@code get} on {@code nodes/proxy} (or on
 * {@code nodes/configz} where the KubeletFineGrainedAuthz gate is on, default from 1.33).
 */
public final class KubectlConfigz {
  private KubectlConfigz() {}

  /** The configz JSON; IOException when kubectl is missing, fails, or times out. */
  public static String fetch(String kubectl, String node) throws IOException {
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
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("kubectl timed out fetching configz of node " + node);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      String msg = new String(err, StandardCharsets.UTF_8).strip();
      throw new IOException(
          "kubectl failed fetching configz of node "
              + node
              + ": "
              + (msg.isEmpty() ? "exit " + p.exitValue() : msg.lines().findFirst().orElse(msg)));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
