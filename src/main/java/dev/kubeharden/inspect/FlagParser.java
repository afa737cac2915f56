package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.KubeletFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses arguments the way pflag does: {@code --name=value}, {@code --name value}, bare booleans.
 * {@link #kubelet} follows the kubelet's flag set of one minor exactly; {@link #parse} is the
 * lenient reading used for other components' arguments (the API server's).
 */
final class FlagParser {
  private FlagParser() {}

  /**
   * The kubelet's flags, parsed as the kubelet of {@code minor} parses them. What makes the kubelet
   * exit before it starts (an unknown flag of that minor, a missing value, a positional argument)
   * is added to {@code failures}; flags no supported kubelet registers are noted and skipped.
   */
  static List<Flag> kubelet(
      List<Word> words, int minor, List<String> failures, List<String> notes) {
    List<Flag> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      String t = w.text();
      if (t.equals("--")) {
        // pflag: "--" ends flag parsing; what follows is positional.
        if (i + 1 < words.size()) {
          positional(words.get(i + 1), failures);
        }
        return out;
      }
      if (!t.startsWith("-") || t.equals("-")) {
        positional(w, failures);
        continue;
      }
      boolean shorthand = !t.startsWith("--");
      int dashes = shorthand ? 1 : 2;
      int eq = t.indexOf('=');
      // cliflag.WordSepNormalizeFunc: "_" and "-" are the same in flag names.
      String name = (eq > 0 ? t.substring(dashes, eq) : t.substring(dashes)).replace('_', '-');
      String inlineValue = eq > 0 ? t.substring(eq + 1) : null;
      int valueOffset = eq + 1;
      if (shorthand) {
        // pflag parseSingleShortArg: the kubelet registers only -v (and -h); "-v4" is -v with 4.
        if (!name.startsWith("v")) {
          failures.add(
              w.position()
                  + ": unknown shorthand flag '"
                  + name.charAt(0)
                  + "' in "
                  + t
                  + ": "
                  + exits());
          continue;
        }
        if (inlineValue == null && name.length() > 1) {
          inlineValue = name.substring(1);
          valueOffset = 2;
        } else if (eq > 0 && eq != 2) {
          failures.add(w.position() + ": unknown shorthand flag in " + t + ": " + exits());
          continue;
        }
        name = "v";
      }
      KubeletFlags.Spec spec = KubeletFlags.at(name, minor);
      if (spec == null) {
        KubeletFlags.Spec other = KubeletFlags.any(name);
        if (other != null) {
          failures.add(
              w.position()
                  + ": unknown flag: --"
                  + name
                  + " (the kubelet "
                  + (other.until() < minor
                      ? "has no such flag since 1." + (other.until() + 1)
                      : "has it only from 1." + other.from())
                  + "): "
                  + exits());
        } else {
          notes.add(w.position() + ": flag --" + name + " is not one kubeharden knows; ignored");
        }
        if (inlineValue == null && other != null && !other.isBool() && i + 1 < words.size()) {
          i++;
        }
        continue;
      }
      if (inlineValue != null) {
        out.add(new Flag(name, inlineValue, w.position(), w.at(valueOffset)));
      } else if (spec.isBool()) {
        // pflag parseLongArg: a flag with NoOptDefVal ("true" for bools) never takes the next word.
        out.add(new Flag(name, "true", w.position(), w.position()));
      } else if (i + 1 < words.size()) {
        // pflag parseLongArg: `else if len(a) > 0 { value = a[0]; a = a[1:] }`: the next word,
        // whatever it starts with ("--oom-score-adj -999").
        Word v = words.get(++i);
        out.add(new Flag(name, v.text(), w.position(), v.position()));
      } else {
        failures.add(w.position() + ": flag needs an argument: --" + name + ": " + exits());
      }
    }
    return out;
  }

  /**
   * cmd/kubelet/app/server.go NewKubeletCommand: {@code cmds := cleanFlagSet.Args(); if len(cmds) >
   * 0 { return fmt.Errorf("unknown command %+s", cmds[0]) }}.
   */
  private static void positional(Word w, List<String> failures) {
    failures.add(
        w.position()
            + ": unknown command \""
            + w.text()
            + "\" (a word that is not a flag): "
            + exits());
  }

  private static String exits() {
    return "the kubelet exits while parsing its flags";
  }

  /** A lenient reading: a word starting with "-" after a flag is the next flag, not a value. */
  static List<Flag> parse(List<Word> words, List<String> notes) {
    List<Flag> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      String t = w.text();
      if (!t.startsWith("-") || t.equals("-") || t.equals("--")) {
        notes.add(w.position() + ": ignored argument \"" + t + "\" (not a flag)");
        continue;
      }
      int dashes = t.startsWith("--") ? 2 : 1;
      int eq = t.indexOf('=');
      if (eq > 0) {
        out.add(new Flag(t.substring(dashes, eq), t.substring(eq + 1), w.position(), w.at(eq + 1)));
        continue;
      }
      String name = t.substring(dashes);
      if (i + 1 >= words.size() || words.get(i + 1).text().startsWith("-")) {
        out.add(new Flag(name, "true", w.position(), w.position()));
      } else {
        Word v = words.get(++i);
        out.add(new Flag(name, v.text(), w.position(), v.position()));
      }
    }
    return out;
  }
}
