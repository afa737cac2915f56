package dev.kubeharden.profile;

import dev.kubeharden.kubelet.FieldType;
import dev.kubeharden.kubelet.KubeletField;
import dev.kubeharden.kubelet.KubeletFlags;
import dev.kubeharden.kubelet.KubeletSchema;
import dev.kubeharden.kubelet.KubeletValues;
import dev.kubeharden.model.Node;
import dev.kubeharden.model.Setting;
import dev.kubeharden.model.Suggestions;
import dev.kubeharden.yaml.NodeReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code kubelet:} block's parts: a (partial) KubeletConfiguration mapping into settings,
 * and the kubelet flags that have no config twin.
 */
final class KubeletReader {
  private static final java.util.regex.Pattern SAFE_FLAG_VALUE =
      java.util.regex.Pattern.compile("[^\\s\\p{Cntrl}\"'\\\\$%]*");

  /** A {@code ${...}} reference, well-formed or not. */
  static final Pattern ANY_REF = Pattern.compile("\\$\\{([^}]*)\\}");

  private final NodeReader r;
  private final KubeletValues values;
  private final KubeletSchema schema = KubeletSchema.get();

  KubeletReader(NodeReader r) {
    this.r = r;
    this.values = new KubeletValues(r.problems());
  }

  /**
   * Reads a (partial) KubeletConfiguration mapping into settings in schema order; variable
   * references are kept for later.
   */
  List<Setting> config(Node node, String what) {
    List<Setting> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, what);
    if (m == null) {
      return out;
    }
    Node.MapNode withoutRefs = collectRefs(m, "", out);
    Map<String, KubeletValues.Located> read = values.readObject(withoutRefs, "");
    for (Map.Entry<String, KubeletValues.Located> e : read.entrySet()) {
      out.add(new Setting(e.getKey(), e.getValue().value(), e.getValue().position()));
    }
    out.sort((a, b) -> Integer.compare(order(a.path()), order(b.path())));
    return out;
  }

  private int order(String path) {
    KubeletField f = schema.field(path);
    return f == null ? Integer.MAX_VALUE : f.order();
  }

  /**
   * Moves leaves whose scalar text names a variable into settings holding a {@link Setting.VarRef}.
   */
  private Node.MapNode collectRefs(Node.MapNode m, String prefix, List<Setting> out) {
    Map<String, Node.Entry> kept = new LinkedHashMap<>();
    for (Node.Entry e : m.entries().values()) {
      String path = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
      KubeletField f = schema.field(path);
      if (f != null
          && e.value() instanceof Node.Scalar s
          && s.text().contains("${")
          && f.type().isLeaf()) {
        Matcher vm = ANY_REF.matcher(s.text());
        boolean ok = true;
        while (vm.find()) {
          if (!VariablesReader.VARIABLE_NAME.matcher(vm.group(1)).matches()) {
            r.error(s.position(), "\"${" + vm.group(1) + "}\" is not a variable reference");
            ok = false;
          }
        }
        if (ok) {
          out.add(new Setting(path, new Setting.VarRef(s.text(), s), s.position()));
        }
        continue;
      }
      if (f != null && f.type() == FieldType.OBJECT && e.value() instanceof Node.MapNode child) {
        kept.put(e.key(), new Node.Entry(e.key(), e.keyPosition(), collectRefs(child, path, out)));
        continue;
      }
      kept.put(e.key(), e);
    }
    return new Node.MapNode(kept, m.position());
  }

  /** Reads {@code kubelet.flags}: flags without a config twin that kubeharden does not write. */
  Map<String, String> flags(Node node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    Node.MapNode m = r.map(node, "kubelet.flags");
    if (m == null) {
      return out;
    }
    for (Node.Entry e : m.entries().values()) {
      String flag = e.key().startsWith("--") ? e.key().substring(2) : e.key();
      if (KubeletFlags.MANAGED.contains(flag)) {
        r.error(e.keyPosition(), "--" + flag + " is written by kubeharden itself; remove it");
        continue;
      }
      if (KubeletFlags.TWINS.containsKey(flag)) {
        r.error(
            e.keyPosition(),
            "--"
                + flag
                + " overrides the config file; set kubelet.config."
                + KubeletFlags.TWINS.get(flag)
                + " instead");
        continue;
      }
      if (!KubeletFlags.WITHOUT_TWIN.contains(flag)) {
        r.error(
            e.keyPosition(),
            "unknown kubelet flag \"--" + flag + "\"" + Suggestions.hint(flag, allFlags()));
        continue;
      }
      if (!(e.value() instanceof Node.Scalar s) || s.isNull()) {
        r.error(e.value().position(), "--" + flag + " must have a scalar value");
        continue;
      }
      // The value lands in the systemd drop-in's Environment= line and is split into ExecStart
      // words:
      // whitespace would split it, "%" is a systemd specifier and "$" a variable
      // (systemd.syntax(7),
      // systemd.service(5) "Command lines"), quotes and backslashes end or escape the quoting.
      if (!SAFE_FLAG_VALUE.matcher(s.text()).matches()) {
        r.error(
            s.position(),
            "--"
                + flag
                + ": the value must not hold whitespace, control characters, quotes, backslashes, $ or %");
        continue;
      }
      out.put(flag, s.text());
    }
    return out;
  }

  /** Every kubelet flag name, with and without a config twin. */
  static Set<String> allFlags() {
    Set<String> all = new TreeSet<>(KubeletFlags.WITHOUT_TWIN);
    all.addAll(KubeletFlags.TWINS.keySet());
    return all;
  }
}
