package dev.kubeharden.inspect;

import dev.kubeharden.model.Position;
import dev.kubeharden.model.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovers the kubelet's arguments from what starts it: systemd units and drop-ins ({@code
 * ExecStart=} with {@code $VAR} expansion from {@code Environment=} and environment files such as
 * kubeadm-flags.env and /etc/default/kubelet), or a plain command line such as a {@code ps} line.
 * Units are read in the order given; an empty {@code ExecStart=} resets the list, and a second
 * command without the reset makes the service invalid unless it is Type=oneshot
 * (systemd.service(5): "Unless Type= is oneshot, exactly one command must be given"); environment
 * files override {@code Environment=} (systemd.exec(5)). Variables follow systemd.service(5),
 * "Command lines": {@code ${FOO}} as a word of its own is one argument, whitespace included; {@code
 * $FOO} as a word of its own is split at whitespace into zero or more arguments.
 */
final class KubeletCommandLine {
  /** kubeadm's ExecStart, used when only a unit without ExecStart= is given. */
  private static final List<String> KUBEADM_VARS =
      List.of(
          "KUBELET_KUBECONFIG_ARGS",
          "KUBELET_CONFIG_ARGS",
          "KUBELET_KUBEADM_ARGS",
          "KUBELET_EXTRA_ARGS");

  /**
   * A shell-style "export " before an environment file's variable name, dropped (compiled once: it
   * ran for every line of every node's environment files).
   */
  private static final java.util.regex.Pattern EXPORT =
      java.util.regex.Pattern.compile("^export\\s+");

  /** The name the assumed kubeadm drop-in is reported under. */
  static final String KUBEADM_DROPIN_NAME = "10-kubeadm.conf (kubeadm's packaged drop-in, assumed)";

  /**
   * kubeadm's packaged drop-in, assumed when only environment files (kubeadm-flags.env,
   * /etc/default/kubelet) are given: kubernetes/release cmd/krel/templates/latest/kubeadm/
   * 10-kubeadm.conf at commit f618b2a308bc76e90e987e45ab17c85778dd5993, with the
   * /etc/default/kubelet path the .deb build writes (the RPM keeps /etc/sysconfig/kubelet; the
   * variable is the same).
   */
  static final String KUBEADM_DROPIN =
      """
      # Note: This dropin only works with kubeadm and kubelet v1.11+
      [Service]
      Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf \
      --kubeconfig=/etc/kubernetes/kubelet.conf"
      Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
      EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
      EnvironmentFile=-/etc/default/kubelet
      ExecStart=
      ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS \
      $KUBELET_EXTRA_ARGS
      """;

  private final List<Problem> problems;
  private final List<String> notes;
  private final Map<String, Word> environment = new LinkedHashMap<>();
  private final Map<String, Word> fileEnvironment = new LinkedHashMap<>();
  private final List<String> envFileRefs = new ArrayList<>();
  private List<Word> execStart;
  private Position execStartAt;
  private String serviceType = "simple";
  private final List<Position> extraExecStarts = new ArrayList<>();
  private java.util.Set<String> variables = java.util.Set.of();
  private boolean running;

  KubeletCommandLine(List<Problem> problems, List<String> notes) {
    this.problems = problems;
    this.notes = notes;
  }

  /** The kubelet's arguments (after the binary), each word with its position. */
  List<Word> read(List<ArgsSource> sources) {
    List<Word> direct = new ArrayList<>();
    boolean systemd = false;
    if (!sources.isEmpty()
        && sources.stream().allMatch(s -> s.kind() == ArgsSource.Kind.ENV_FILE)) {
      // Only environment files: the kubelet that reads them is started by kubeadm's drop-in.
      systemd = true;
      notes.add(
          "only environment files were given: kubeadm's packaged 10-kubeadm.conf is assumed"
              + " (--kubeconfig, --bootstrap-kubeconfig, --config=/var/lib/kubelet/config.yaml, then"
              + " $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS)");
      readUnit(new ArgsSource(KUBEADM_DROPIN_NAME, KUBEADM_DROPIN));
      envFileRefs.clear();
    }
    for (ArgsSource s : sources) {
      if (hasControlCharacter(s)) {
        continue;
      }
      switch (s.kind()) {
        case SYSTEMD -> {
          systemd = true;
          readUnit(s);
        }
        case ENV_FILE -> readEnvFile(s, fileEnvironment);
        case COMMAND_LINE -> direct.addAll(commandLine(s));
      }
    }
    if (!extraExecStarts.isEmpty() && !"oneshot".equals(serviceType)) {
      for (Position p : extraExecStarts) {
        problems.add(
            Problem.error(
                p,
                "the kubelet service has more than one ExecStart= setting (the first at "
                    + execStartAt
                    + "), which systemd allows only for Type=oneshot: the unit is invalid and"
                    + " does not start; reset the list with an empty ExecStart= first"));
      }
    }
    for (String ref : envFileRefs) {
      String path = ref.substring(ref.indexOf('=') + 1);
      // EnvironmentFile=-PATH: the "-" only makes a missing file not an error.
      path = path.startsWith("-") ? path.substring(1) : path;
      String base = path.substring(path.lastIndexOf('/') + 1);
      boolean given =
          sources.stream()
              .anyMatch(
                  s ->
                      s.kind() == ArgsSource.Kind.ENV_FILE
                          && (s.name().endsWith("/" + base)
                              || s.name().equals(base)
                              || s.name().endsWith("default-" + base)));
      if (!given) {
        notes.add(ref + " was not given; its variables are taken as empty");
      }
    }
    Map<String, Word> env = new LinkedHashMap<>(environment);
    env.putAll(fileEnvironment);
    variables = env.keySet();
    List<Word> out = new ArrayList<>(direct);
    if (execStart != null) {
      out.addAll(afterBinary(expand(execStart, env)));
    } else if (!env.isEmpty()) {
      if (systemd) {
        notes.add("no ExecStart= in the units given; kubeadm's ExecStart is assumed");
      }
      List<String> names = new ArrayList<>();
      KUBEADM_VARS.stream().filter(env::containsKey).forEach(names::add);
      if (names.isEmpty()) {
        env.keySet().stream().filter(k -> k.endsWith("_ARGS")).forEach(names::add);
      }
      for (String n : names) {
        out.addAll(splitValue(env.get(n)));
      }
    }
    return out;
  }

  /**
   * The environment the kubelet gets from its units and environment files (after {@link #read}).
   */
  java.util.Set<String> variables() {
    return variables;
  }

  /** Whether the arguments came from a ps line (one naming the binary): a running kubelet. */
  boolean running() {
    return running;
  }

  /**
   * Reports the first control character (other than tab and line ends) of a source at its position:
   * systemd refuses a unit or environment file holding a NUL (read_line with READ_LINE_REFUSE_NUL:
   * "Bad message"), and no argument the kubelet is given can hold one.
   */
  private boolean hasControlCharacter(ArgsSource s) {
    int j = s.controlAt();
    if (j < 0) {
      return false;
    }
    String text = s.text();
    char c = text.charAt(j);
    int lineStart = text.lastIndexOf('\n', j - 1) + 1;
    int line = 1;
    for (int k = text.indexOf('\n'); k >= 0 && k < j; k = text.indexOf('\n', k + 1)) {
      line++;
    }
    problems.add(
        Problem.error(
            new Position(s.name(), line, text.codePointCount(lineStart, j) + 1),
            String.format(
                "control character U+%04X: %s",
                (int) c,
                c == 0
                    ? "systemd refuses to load a unit or environment file that holds a NUL byte"
                    : "no kubelet argument or unit line can hold it")));
    return true;
  }

  private void readUnit(ArgsSource s) {
    for (SystemdUnits.Directive d : SystemdUnits.directives(s, problems)) {
      switch (d.key()) {
        case "Environment" -> {
          for (Word w : d.words()) {
            int e = w.text().indexOf('=');
            if (e > 0) {
              environment.put(w.text().substring(0, e), w.substring(e + 1));
            }
          }
        }
        case "ExecStart" -> {
          Position at = new Position(s.name(), d.lastLine(), 1);
          if (d.words().isEmpty()) {
            execStart = null;
            extraExecStarts.clear();
          } else if (execStart != null) {
            extraExecStarts.add(at);
          } else {
            execStart = d.words();
            execStartAt = at;
          }
        }
        case "Type" -> serviceType = d.value();
        case "EnvironmentFile" ->
            envFileRefs.add(s.name() + ":" + d.lastLine() + ": EnvironmentFile=" + d.value());
        default -> {}
      }
    }
  }

  private void readEnvFile(ArgsSource s, Map<String, Word> into) {
    String[] lines = s.text().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replace("\r", "");
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        problems.add(
            Problem.error(
                new Position(s.name(), i + 1, line.indexOf(t) + 1),
                "an environment file line must be NAME=VALUE (systemd ignores this one, so the"
                    + " kubelet would not get what it seems to say)"));
        continue;
      }
      String name = EXPORT.matcher(line.substring(0, eq).strip()).replaceFirst("");
      String value = line.substring(eq + 1);
      int col = eq + 2;
      String v = value.strip();
      if (v.startsWith("\"") || v.startsWith("'")) {
        List<Word> words = ShellWords.split(value, s.name(), i + 1, col, problems);
        if (!words.isEmpty()) {
          into.put(name, words.get(0));
        }
      } else {
        int lead = value.indexOf(v.isEmpty() ? "" : v);
        int[] cols = new int[v.length()];
        for (int k = 0; k < cols.length; k++) {
          cols[k] = col + lead + k;
        }
        into.put(name, new Word(v, s.name(), i + 1, cols));
      }
    }
  }

  private List<Word> commandLine(ArgsSource s) {
    List<Word> words = new ArrayList<>();
    String[] lines = s.text().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replace("\r", "");
      if (line.endsWith("\\")) {
        line = line.substring(0, line.length() - 1);
      }
      words.addAll(ShellWords.split(line, s.name(), i + 1, 1, problems));
    }
    if (!words.isEmpty()
        && words.stream().noneMatch(w -> w.text().startsWith("-") || isBinary(w.text()))) {
      // Neither a unit, an environment file nor a command line (a password file, say): named,
      // never quoted.
      problems.add(
          Problem.error(
              Position.of(s.name()),
              "not a systemd unit, an environment file or a kubelet command line (no flag and no"
                  + " kubelet binary); its content is not shown"));
      return new ArrayList<>();
    }
    // A command line that names the kubelet binary is a ps line: a kubelet that runs.
    running |= words.stream().anyMatch(w -> isBinary(w.text()));
    List<Word> args = afterBinary(words);
    if (args.isEmpty() && problems.isEmpty()) {
      problems.add(
          Problem.error(
              new Position(s.name(), 1, 1),
              "no kubelet arguments"
                  + (words.isEmpty() ? "" : " after the kubelet binary")
                  + ": give the kubelet's arguments (a kubelet without any runs on its legacy"
                  + " flags-only defaults; say so with --v=0 if that is meant)"));
    }
    return args;
  }

  private static boolean isBinary(String text) {
    int i = 0;
    // systemd's ExecStart= prefixes (systemd.service(5), "Table 1. Special executable prefixes").
    while (i < text.length() && "-@+!:".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return (text.length() == i + 7 && text.startsWith("kubelet", i)) || text.endsWith("/kubelet");
  }

  /**
   * Drops everything up to the kubelet binary (ps columns, the binary itself); keeps all if none is
   * named.
   */
  private static List<Word> afterBinary(List<Word> words) {
    for (int i = 0; i < words.size(); i++) {
      if (isBinary(words.get(i).text())) {
        return new ArrayList<>(words.subList(i + 1, words.size()));
      }
    }
    return new ArrayList<>(words);
  }

  private List<Word> expand(List<Word> words, Map<String, Word> env) {
    List<Word> out = new ArrayList<>();
    for (Word w : words) {
      String name = wholeVariable(w.text());
      if (name != null) {
        Word v = env.get(name);
        if (v != null) {
          if (w.text().startsWith("${")) {
            out.add(v); // "${FOO}" as a word: one argument, whitespace included
          } else {
            out.addAll(splitValue(v)); // "$FOO" as a word: split at whitespace
          }
        }
        continue;
      }
      if (w.text().contains("$")) {
        String text = w.text();
        for (Map.Entry<String, Word> e : env.entrySet()) {
          text = text.replace("${" + e.getKey() + "}", e.getValue().text());
        }
        int[] cols = new int[text.length()];
        java.util.Arrays.fill(cols, w.position().column());
        out.add(new Word(text, w.source(), w.line(), cols));
        continue;
      }
      out.add(w);
    }
    return out;
  }

  /**
   * The variable a word is as a whole, {@code $NAME} or {@code ${NAME}} with NAME matching {@code
   * [A-Za-z_][A-Za-z0-9_]*}, or null. A scan, not a regular expression: every word of every node's
   * ExecStart= passes here.
   */
  static String wholeVariable(String t) {
    int n = t.length();
    if (n < 2 || t.charAt(0) != '$') {
      return null;
    }
    boolean braced = t.charAt(1) == '{';
    int start = braced ? 2 : 1;
    int end = braced ? n - 1 : n;
    if (braced && t.charAt(n - 1) != '}') {
      return null;
    }
    if (end <= start || !nameStart(t.charAt(start))) {
      return null;
    }
    for (int i = start + 1; i < end; i++) {
      char c = t.charAt(i);
      if (!nameStart(c) && (c < '0' || c > '9')) {
        return null;
      }
    }
    return t.substring(start, end);
  }

  private static boolean nameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  /** Splits a variable's value on whitespace, keeping each character's column. */
  private static List<Word> splitValue(Word v) {
    List<Word> out = new ArrayList<>();
    // One copy of the characters, indexed without String.charAt's check (a call under C1).
    char[] t = v.text().toCharArray();
    int i = 0;
    while (i < t.length) {
      while (i < t.length && Character.isWhitespace(t[i])) {
        i++;
      }
      int start = i;
      while (i < t.length && !Character.isWhitespace(t[i])) {
        i++;
      }
      if (i > start) {
        out.add(v.substring(start, i));
      }
    }
    return out;
  }
}
