package dev.kubeharden.inspect;

import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses kubelet arguments the way pflag does: {@code --name=value}, {@code --name value}, bare
 * booleans.
 */
final class FlagParser {
  private static final Set<String> BOOLEAN_WITHOUT_TWIN = Set.of("exit-on-lock-contention");

  private FlagParser() {}

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
      if (isBoolean(name) || i + 1 >= words.size() || words.get(i + 1).text().startsWith("-")) {
        out.add(new Flag(name, "true", w.position(), w.position()));
      } else {
        Word v = words.get(++i);
        out.add(new Flag(name, v.text(), w.position(), v.position()));
      }
    }
    return out;
  }

  static boolean isBoolean(String name) {
    if (BOOLEAN_WITHOUT_TWIN.contains(name)) {
      return true;
    }
    String path = KubeletFlags.TWINS.get(name);
    return path != null && KubeletSchema.get().field(path).type() == FieldType.BOOL;
  }
}
