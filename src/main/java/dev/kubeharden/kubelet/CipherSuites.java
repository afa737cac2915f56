package dev.kubeharden.kubelet;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * TLS cipher suite names the kubelet accepts ({@code
 * k8s.io/component-base/cli/flag/ciphersuites_flag.go}: Go's {@code tls.CipherSuites()} and {@code
 * tls.InsecureCipherSuites()} plus two ChaCha20 aliases). An unknown name stops the kubelet at
 * start-up.
 */
public final class CipherSuites {

  /** ECDHE key exchange with AEAD ciphers: the hardened set. */
  public static final List<String> HARDENED =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305");

  static final Set<String> SECURE =
      Set.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  static final Set<String> INSECURE =
      Set.of(
          "TLS_RSA_WITH_AES_128_CBC_SHA",
          "TLS_RSA_WITH_AES_256_CBC_SHA",
          "TLS_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_RSA_WITH_RC4_128_SHA",
          "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
          "TLS_RSA_WITH_AES_128_CBC_SHA256",
          "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
          "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
          "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");

  private CipherSuites() {}

  public static boolean isKnown(String name) {
    return SECURE.contains(name) || INSECURE.contains(name);
  }

  /**
   * Accepted by the kubelet, but only logged as insecure: RSA key exchange, RC4, 3DES, CBC-SHA256.
   */
  public static boolean isInsecure(String name) {
    return INSECURE.contains(name);
  }

  public static Set<String> all() {
    Set<String> all = new TreeSet<>(SECURE);
    all.addAll(INSECURE);
    return all;
  }
}
