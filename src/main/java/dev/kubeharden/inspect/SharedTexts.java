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
  private static final Map<Integer, Held> BY_HASH = new ConcurrentHashMap<>();
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
   *
   * <p>The texts are held by a hash of the length and up to 127 bytes spread over the array (every
   * byte of a file under 128 bytes), not every byte of a larger one, and at most one text per hash:
   * bytes that share a held text's hash and differ from it are decoded and not shared. A read thus
   * compares its bytes with one held file at most, however many node files share those sampled
   * bytes.
   */
  static String of(byte[] bytes, String name) {
    if (bytes.length > MAX_TEXT) {
      return InputFiles.decode(bytes, name);
    }
    int hash = sampledHash(bytes);
    Held held = BY_HASH.get(hash);
    if (held != null) {
      return Arrays.equals(held.bytes(), bytes) ? held.text() : InputFiles.decode(bytes, name);
    }
    String text = InputFiles.decode(bytes, name);
    if (BY_HASH.size() < MAX_ENTRIES && HELD.get() + bytes.length <= MAX_HELD) {
      held = BY_HASH.putIfAbsent(hash, new Held(bytes, text));
      if (held == null) {
        HELD.addAndGet(bytes.length);
      } else if (Arrays.equals(held.bytes(), bytes)) {
        return held.text();
      }
    }
    return text;
  }

  /** A held file: its bytes (compared, never changed or handed out) and its shared text. */
  private static final class Held {
    private final byte[] bytes;
    private final String text;

    Held(byte[] bytes, String text) {
      this.bytes = bytes;
      this.text = text;
    }

    byte[] bytes() {
      return bytes;
    }

    String text() {
      return text;
    }
  }

  /**
   * The length and every (length / 64)th byte from the end: 64 to 127 bytes of a file of 64 bytes
   * or more, all of a shorter one.
   */
  static int sampledHash(byte[] bytes) {
    int n = bytes.length;
    int step = Math.max(1, n / 64);
    int h = n;
    for (int i = n - 1; i >= 0; i -= step) {
      h = 31 * h + bytes[i];
    }
    return h;
  }
}
