package dev.kubeharden.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script built from the command tree (picocli's AutoComplete writes bash only):
 * one {@code complete} line a subcommand and an option, each guarded by the subcommands typed so
 * far (fish's {@code __fish_seen_subcommand_from}).
 */
final class FishCompletion {
  private final String name;
  private final StringBuilder sb = new StringBuilder();

  private FishCompletion(String name) {
    this.name = name;
  }

  static String script(String name, CommandLine root) {
    FishCompletion f = new FishCompletion(name);
    f.sb
        .append("# fish completion for ")
        .append(name)
        .append(": ")
        .append(name)
        .append(" completion fish | source\n");
    f.sb.append("# or save it as ~/.config/fish/completions/").append(name).append(".fish\n");
    f.sb.append("complete -c ").append(name).append(" -f\n");
    f.command(root, List.of());
    return f.sb.toString();
  }

  private void command(CommandLine cl, List<String> path) {
    String here = condition(path, cl.getSubcommands().keySet());
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      sb.append("complete -c ")
          .append(name)
          .append(" -n ")
          .append(quote(here))
          .append(" -a ")
          .append(quote(e.getKey()))
          .append(" -d ")
          .append(quote(summary(e.getValue().getCommandSpec())))
          .append('\n');
    }
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (o.hidden()) {
        continue;
      }
      sb.append("complete -c ").append(name);
      if (!path.isEmpty()) {
        sb.append(" -n ").append(quote(condition(path, List.of())));
      }
      for (String n : o.names()) {
        sb.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
      }
      if (o.arity().max() > 0) {
        List<String> values = new ArrayList<>();
        if (o.completionCandidates() != null) {
          o.completionCandidates().forEach(values::add);
        }
        if (values.isEmpty() && isPath(o)) {
          sb.append(" -r -F");
        } else {
          sb.append(" -x");
          if (!values.isEmpty()) {
            sb.append(" -a ").append(quote(String.join(" ", values)));
          }
        }
      }
      String[] d = o.description();
      if (d.length > 0) {
        sb.append(" -d ").append(quote(firstSentence(d[0])));
      }
      sb.append('\n');
    }
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      command(e.getValue(), sub);
    }
  }

  /**
   * The fish condition under which a command's words apply: its own subcommand was typed and none
   * of its children yet (at the root: no subcommand yet).
   */
  private static String condition(List<String> path, java.util.Collection<String> children) {
    List<String> parts = new ArrayList<>();
    if (path.isEmpty()) {
      parts.add("__fish_use_subcommand");
    } else {
      for (String p : path) {
        parts.add("__fish_seen_subcommand_from " + p);
      }
      if (!children.isEmpty()) {
        parts.add("not __fish_seen_subcommand_from " + String.join(" ", children));
      }
    }
    return String.join("; and ", parts);
  }

  private static boolean isPath(OptionSpec o) {
    Class<?> t = o.type();
    return t == java.nio.file.Path.class
        || t == java.io.File.class
        || o.paramLabel().contains("FILE")
        || o.paramLabel().contains("DIR");
  }

  private static String summary(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    return d.length == 0 ? "" : firstSentence(d[0]);
  }

  private static String firstSentence(String s) {
    String t = s.replace("%n", " ").strip();
    int dot = t.indexOf(". ");
    t = dot < 0 ? t : t.substring(0, dot + 1);
    return t.length() <= 100 ? t : t.substring(0, 97) + "...";
  }

  /** A fish single-quoted word: only backslash and the quote itself are special. */
  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
