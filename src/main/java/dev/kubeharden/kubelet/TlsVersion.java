package dev.kubeharden.kubelet;

import java.util.Arrays;
import java.util.List;

/**
 * The TLS versions the kubelet's tlsMinVersion accepts (component-base cli/flag
 * ciphersuites_flag.go, TLSPossibleVersions). The schema's {@code enum=} rule for {@code
 * tlsMinVersion} lists the same names; {@link KubeletSchema} refuses to load if they differ.
 */
public enum TlsVersion {
  VERSION_TLS10("VersionTLS10"),
  VERSION_TLS11("VersionTLS11"),
  VERSION_TLS12("VersionTLS12"),
  VERSION_TLS13("VersionTLS13");

  /** The field the schema constrains to these names. */
  public static final String FIELD = "tlsMinVersion";

  private final String wireName;

  TlsVersion(String wireName) {
    this.wireName = wireName;
  }

  /** The value as KubeletConfiguration spells it. */
  public String wireName() {
    return wireName;
  }

  /** Every wire name, in order. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(TlsVersion::wireName).toList();
  }
}
