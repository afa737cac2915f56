package dev.kubeharden.inspect;

import dev.kubeharden.yaml.InputFiles;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance per distinct node file text, bounded (4,096 texts of at most 64 KiB, 32 MiB in all):
 * the nodes of a fleet share their units, environment files and configs byte for byte, and the
 * caches keyed by text ({@link ArgsSource}, {@link SystemdUnits}, {@link ConfigSources}) then find
 * theirs by identity instead of comparing every character again.
 */
final class SharedTexts {
  private static final Map<Bytes, String> BY_BYTES = new ConcurrentHashMap<>();
  private static final int MAX_ENTRIES = 4096;
  private static final int MAX_TEXT = 64 * 1024;

  /** Bytes held as keys, at most {@link #MAX_HELD} (their texts about as much again). */
  private static final AtomicLong HELD = new AtomicLong();

  private static final long MAX_HELD = 32L * 1024 * 1024;

  /** Whether a shared text is plausibly a document ({@link InputFiles#looksLikeDocument}). */
  private static final Map<String, Boolean> DOCUMENTS = new ConcurrentHashMap<>();

  private SharedTexts() {}

  /**
   * {@link InputFiles#looksLikeDocument} of {@code text}, remembered for a shared text (whose hash
   * is already computed, and which compares equal by identity).
   */
  static boolean looksLikeDocument(String text) {
    Boolean known = DOCUMENTS.get(text);
    if (known != null) {
      return known;
    }
    boolean document = InputFiles.looksLikeDocument(text);
    if (text.length() <= MAX_TEXT && DOCUMENTS.size() < MAX_ENTRIES) {
      DOCUMENTS.put(text, document);
    }
    return document;
  }

  /**
   * The text of the file {@code name}'s {@code bytes} ({@link InputFiles#decode}): the shared
   * instance when the same bytes were decoded before, so a file every node has is decoded, hashed
   * and compared as text once; a later read of it costs one comparison of bytes.
   */
  static String of(byte[] bytes, String name) {
    if (bytes.length > MAX_TEXT) {
      return InputFiles.decode(bytes, name);
    }
    Bytes key = new Bytes(bytes);
    String shared = BY_BYTES.get(key);
    if (shared != null) {
      return shared;
    }
    String text = InputFiles.decode(bytes, name);
    if (BY_BYTES.size() < MAX_ENTRIES && HELD.get() + bytes.length <= MAX_HELD) {
      shared = BY_BYTES.putIfAbsent(key, text);
      if (shared == null) {
        HELD.addAndGet(bytes.length);
      }
    }
    return shared != null ? shared : text;
  }

  /**
   * A file's bytes as a map key. The hash reads the length and at most 64 bytes spread over the
   * array, not every byte: texts that share those and differ elsewhere only meet in one bucket,
   * where {@link Arrays#equals(byte[], byte[])} (a word at a time) tells them apart.
   */
  private static final class Bytes {
    private final byte[] bytes;
    private final int hash;

    Bytes(byte[] bytes) {
      this.bytes = bytes;
      int n = bytes.length;
      int step = Math.max(1, n / 64);
      int h = n;
      for (int i = n - 1; i >= 0; i -= step) {
        h = 31 * h + bytes[i];
      }
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && hash == b.hash && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
