package dev.kubeharden.inspect;

import dev.kubeharden.model.Position;

/**
 * A shell word with the column each of its characters came from, so that a flag value found inside
 * an expanded variable still points at the file, line and column that wrote it.
 */
final class Word {
  private final String text;
  private final String source;
  private final int line;
  private final int[] columns;

  Word(String text, String source, int line, int[] columns) {
    this.text = text;
    this.source = source;
    this.line = line;
    this.columns = columns;
  }

  String text() {
    return text;
  }

  String source() {
    return source;
  }

  int line() {
    return line;
  }

  Position position() {
    return at(0);
  }

  /** The position of the character at {@code index} (the word's end for an index past it). */
  Position at(int index) {
    if (columns.length == 0) {
      return new Position(source, line, 1);
    }
    int i = Math.max(0, Math.min(index, columns.length - 1));
    return new Position(source, line, columns[i] + (index >= columns.length ? 1 : 0));
  }

  /** The same word from another source (its columns are shared: no word changes them). */
  Word withSource(String newSource) {
    return new Word(text, newSource, line, columns);
  }

  Word substring(int from) {
    return substring(from, text.length());
  }

  Word substring(int from, int to) {
    int[] cols = new int[to - from];
    System.arraycopy(columns, from, cols, 0, to - from);
    return new Word(text.substring(from, to), source, line, cols);
  }
}
