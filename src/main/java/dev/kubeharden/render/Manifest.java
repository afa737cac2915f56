package dev.kubeharden.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manifest a report.json carries: the SHA-256 of every file of the bundle but report.json
 * itself, by path. Regenerating replaces a directory only when it holds exactly these files with
 * these contents.
 */
public final class Manifest {
  /** The report.json field that holds the manifest. */
  public static final String FIELD = "sha256";

  private Manifest() {}

  /** The hex SHA-256 of {@code text} in UTF-8. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Path to hash of every file but {@code report}, in path order. */
  public static Map<String, String> of(Map<String, String> files, String report) {
    Map<String, String> out = new TreeMap<>();
    files.forEach(
        (path, text) -> {
          if (!path.equals(report)) {
            out.put(path, sha256(text.getBytes(StandardCharsets.UTF_8)));
          }
        });
    return out;
  }
}
