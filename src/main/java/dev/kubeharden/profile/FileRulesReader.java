package dev.kubeharden.profile;

import dev.kubeharden.model.FileRule;
import dev.kubeharden.model.Node;
import dev.kubeharden.yaml.NodeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads a control's {@code files:} list: path, octal mode, owner and group. */
final class FileRulesReader {
  private static final Pattern MODE = Pattern.compile("0[0-7]{3}");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private FileRulesReader() {}

  static List<FileRule> read(NodeReader r, Node node, String what) {
    List<FileRule> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    Node.SeqNode seq = r.seq(node, what + ".files");
    if (seq == null) {
      return out;
    }
    for (Node item : seq.items()) {
      Node.MapNode m = r.map(item, what + ".files[]");
      if (m == null) {
        continue;
      }
      r.onlyKeys(m, List.of("path", "mode", "owner", "group"), what + ".files[]");
      String path = r.string(m, "path", what + ".files[]", true);
      String mode =
          unquotedMode(r, m.get("mode")) ? null : r.string(m, "mode", what + ".files[]", true);
      String owner = r.string(m, "owner", what + ".files[]", false);
      String group = r.string(m, "group", what + ".files[]", false);
      if (path != null
          && !SafePaths.isAbsoluteNormal(path)
          && !KubeletReader.ANY_REF.matcher(path).matches()) {
        r.error(
            m.get("path").position(),
            "file path \"" + path + "\" must be absolute, without \"..\" or spaces");
      }
      if (mode != null && !MODE.matcher(mode).matches()) {
        r.error(
            m.get("mode").position(),
            "mode \"" + mode + "\" must be four octal digits such as \"0600\"");
      }
      for (String u : new String[] {owner, group}) {
        if (u != null && !USER.matcher(u).matches()) {
          r.error(m.position(), "\"" + u + "\" is not a valid user or group name");
        }
      }
      out.add(
          new FileRule(
              path,
              mode,
              owner == null ? "root" : owner,
              group == null ? "root" : group,
              m.position()));
    }
    return out;
  }

  /**
   * A mode written as a plain number ({@code mode: 0600}) is refused on purpose: YAML 1.1 reads it
   * as octal (384), YAML 1.2 as decimal (600), and either would silently be a different mode than
   * the quoted "0600" meant.
   */
  private static boolean unquotedMode(NodeReader r, Node mode) {
    if (mode instanceof Node.Scalar s
        && s.plain()
        && ("int".equals(s.tag()) || "float".equals(s.tag()))) {
      r.error(
          mode.position(),
          "mode "
              + s.text()
              + " must be quoted, as \"0600\": unquoted, YAML 1.1 reads 0600 as the number 384"
              + " and YAML 1.2 as 600, neither of them the mode");
      return true;
    }
    return false;
  }
}
