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

  // equals and hashCode written out, with the values the generated ones give: the generated ones
  // bootstrap through ObjectMethods on first use, which costs start-up time.
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Position p
            && line == p.line
            && column == p.column
            && java.util.Objects.equals(source, p.source));
  }

  @Override
  public int hashCode() {
    return (java.util.Objects.hashCode(source) * 31 + Integer.hashCode(line)) * 31
        + Integer.hashCode(column);
  }

  @Override
  public String toString() {
    return hasLine() ? source + ":" + line + ":" + column : source;
  }
}
