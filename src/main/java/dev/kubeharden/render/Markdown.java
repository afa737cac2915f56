package dev.kubeharden.render;

/** Text for a Markdown table cell or list item (CommonMark backslash escapes, one line). */
public final class Markdown {
  private Markdown() {}

  /** Escapes backslashes, pipes and {@code <} (so nothing reads as HTML) and joins lines. */
  public static String escape(String s) {
    return s == null
        ? ""
        : s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "\\<");
  }
}
