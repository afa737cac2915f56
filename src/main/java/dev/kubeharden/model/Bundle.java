package dev.kubeharden.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generated files by relative path ('/'-separated), in path order. Contents are UTF-8 text ending
 * in a newline.
 *
 * @param sha256 the hex SHA-256 of some of the files' UTF-8 bytes, by path, where rendering already
 *     computed them (for a bundle with its reports: every file but report.json, as its manifest
 *     lists them); empty when none is known. Writers use a known hash instead of hashing again.
 */
public record Bundle(Map<String, String> files, Map<String, String> sha256) {
  public Bundle {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    sha256 = Map.copyOf(sha256);
    if (!files.keySet().containsAll(sha256.keySet())) {
      throw new IllegalArgumentException("a hash for a file the bundle does not hold");
    }
  }

  /** A bundle whose files' hashes are not known yet. */
  public Bundle(Map<String, String> files) {
    this(files, Map.of());
  }
}
