package dev.kubeharden.model;

/**
 * One problem found in an input. Rendered as {@code file:line:col: error: message}, optionally
 * followed by the offending source line and a caret.
 */
public record Problem(Position position, Severity severity, String message, String sourceLine) {

  public enum Severity {
    ERROR,
    WARNING;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static Problem error(Position position, String message) {
    return new Problem(position, Severity.ERROR, message, null);
  }

  public static Problem warning(Position position, String message) {
    return new Problem(position, Severity.WARNING, message, null);
  }

  public Problem withSourceLine(String line) {
    return new Problem(position, severity, message, line);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The one-line form: {@code file:line:col: error: message}. */
  public String headline() {
    return position + ": " + severity.label() + ": " + message;
  }

  /** The headline plus, where known, the source line and a caret under the column. */
  public String render() {
    if (sourceLine == null || !position.hasLine()) {
      return headline();
    }
    int col = Math.max(1, Math.min(position.column(), sourceLine.length() + 1));
    return headline() + "\n  " + sourceLine + "\n  " + " ".repeat(col - 1) + "^";
  }
}
