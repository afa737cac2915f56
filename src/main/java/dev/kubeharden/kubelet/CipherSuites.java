package dev.kubeharden.kubelet;

import dev.kubeharden.model.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * TLS cipher suite names the kubelet accepts, from {@code kubeharden/facts/tls-cipher-suites.tsv}
 * ({@code k8s.io/component-base/cli/flag/ciphersuites_flag.go}: Go's {@code tls.CipherSuites()} and
 * {@code tls.InsecureCipherSuites()} plus two ChaCha20 aliases). An unknown name stops the kubelet
 * at start-up.
 */
public final class CipherSuites {
  private record Suite(String name, String goName, boolean insecure, boolean hardened) {}

  private static final List<Suite> SUITES = load();

  /** ECDHE key exchange with AEAD ciphers: the hardened set. */
  public static final List<String> HARDENED =
      SUITES.stream().filter(Suite::hardened).map(Suite::name).toList();

  private CipherSuites() {}

  public static boolean isKnown(String name) {
    return SUITES.stream().anyMatch(s -> s.name().equals(name));
  }

  /**
   * Accepted by the kubelet, but only logged as insecure: RSA key exchange, RC4, 3DES, CBC-SHA256.
   */
  public static boolean isInsecure(String name) {
    return SUITES.stream().anyMatch(s -> s.insecure() && s.name().equals(name));
  }

  public static Set<String> all() {
    Set<String> all = new TreeSet<>();
    SUITES.forEach(s -> all.add(s.name()));
    return all;
  }

  private static List<Suite> load() {
    List<Suite> out = new ArrayList<>();
    for (String[] c : Facts.rows("tls-cipher-suites.tsv")) {
      if (!"secure".equals(c[2]) && !"insecure".equals(c[2])) {
        throw new IllegalStateException(
            "tls-cipher-suites.tsv: bad class " + c[2] + " for " + c[0]);
      }
      out.add(new Suite(c[0], c[1], "insecure".equals(c[2]), "yes".equals(c[5])));
    }
    return List.copyOf(out);
  }
}
