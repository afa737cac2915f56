package dev.kubeharden.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The help of every command, with option descriptions that hold a URL wrapped at spaces only:
 * picocli wraps at every line-break opportunity of java.text.BreakIterator, which splits {@code
 * https://api.github.com} after a dot, so a URL copied from --help would be cut in two.
 */
final class HelpLayout extends Help {
  HelpLayout(CommandSpec spec, ColorScheme scheme) {
    super(spec, scheme);
  }

  static final CommandLine.IHelpFactory FACTORY = HelpLayout::new;

  @Override
  public Layout createDefaultLayout(
      List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
    Layout picocli = super.createDefaultLayout(options, positionals, scheme);
    TextTable table = new UrlSafeTable(scheme, picocli.textTable().columns());
    table.indentWrappedLines = picocli.textTable().indentWrappedLines;
    return new Layout(
        scheme, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
  }

  /** A text table that wraps a cell holding a URL at spaces itself, before picocli would. */
  private static final class UrlSafeTable extends TextTable {
    private final ColorScheme scheme;

    UrlSafeTable(ColorScheme scheme, Column[] columns) {
      super(scheme, columns);
      this.scheme = scheme;
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      String plain = value.plainString();
      Column c = columns()[col];
      int first = c.width - c.indent;
      if (!plain.contains("://") || plain.length() <= first || c.overflow != Column.Overflow.WRAP) {
        return super.putValue(row, col, value);
      }
      List<String> lines = wrap(plain, first, first - indentWrappedLines);
      Cell cell = super.putValue(row, col, scheme.text(lines.get(0)));
      for (int i = 1; i < lines.size(); i++) {
        addEmptyRow();
        cell =
            super.putValue(
                rowCount() - 1, col, scheme.text(" ".repeat(indentWrappedLines) + lines.get(i)));
      }
      return cell;
    }

    /** Greedy word wrap at spaces; a word longer than the width stays whole. */
    private static List<String> wrap(String text, int firstWidth, int width) {
      List<String> out = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (String word : text.split(" ", -1)) {
        int limit = out.isEmpty() ? firstWidth : width;
        if (line.length() > 0 && line.length() + 1 + word.length() > limit - 1) {
          out.add(line.toString());
          line.setLength(0);
        }
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(word);
      }
      out.add(line.toString());
      return out;
    }
  }
}
