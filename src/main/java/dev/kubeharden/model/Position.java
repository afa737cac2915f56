package dev.kubeharden.model;

/**
 * A place in an input: a file (or a pseudo-source such as {@code --set}) and a 1-based line and
 * column.
 */
public record Position(String source, int line, int column) {

  /** A position for a whole source, without a line. */
  public static Position of(String source) {
    return new Position(source, 0, 0);
  }

  public boolean hasLine() {
    return line > 0;
  }

  @Override
  public String toString() {
    return hasLine() ? source + ":" + line + ":" + column : source;
  }
}
