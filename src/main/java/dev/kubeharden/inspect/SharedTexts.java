package dev.kubeharden.inspect;

import dev.kubeharden.yaml.InputFiles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance per distinct node file text, bounded: the nodes of a fleet share their units,
 * environment files and configs byte for byte, and the caches keyed by text ({@link ArgsSource},
 * {@link SystemdUnits}, {@link ConfigSources}) then find theirs by identity instead of comparing
 * every character again.
 */
final class SharedTexts {
  private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();
  private static final int MAX_ENTRIES = 4096;
  private static final int MAX_TEXT = 64 * 1024;

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

  /** The shared instance equal to {@code text}, or {@code text} itself. */
  static String of(String text) {
    if (text.length() > MAX_TEXT) {
      return text;
    }
    String shared = TEXTS.get(text);
    if (shared != null) {
      return shared;
    }
    if (TEXTS.size() < MAX_ENTRIES) {
      shared = TEXTS.putIfAbsent(text, text);
    }
    return shared != null ? shared : text;
  }
}
