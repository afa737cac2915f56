package dev.kubeharden.inspect;

/**
 * Text that holds kubelet arguments: inline, a systemd unit or drop-in, an environment file, or a
 * ps line.
 */
record ArgsSource(String name, String text) {
  private static final java.util.regex.Pattern SYSTEMD_KEY =
      java.util.regex.Pattern.compile("(ExecStart|Environment|EnvironmentFile)\\s*=.*");
  private static final java.util.regex.Pattern ASSIGNMENT =
      java.util.regex.Pattern.compile("(export\\s+)?[A-Za-z_][A-Za-z0-9_]*=.*");

  private static final java.util.regex.Pattern COMMAND =
      java.util.regex.Pattern.compile("(^|\\s)(-|\\S*kubelet(\\s|$))");

  enum Kind {
    SYSTEMD,
    ENV_FILE,
    COMMAND_LINE
  }

  /** What a text is and where its first control character is, computed once per text. */
  private record Facts(Kind kind, int control) {}

  /** Facts by text, bounded: the nodes of a fleet share their units and environment files. */
  private static final java.util.Map<String, Facts> FACTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_FACTS = 4096;
  private static final int MAX_TEXT = 64 * 1024;

  Kind kind() {
    return facts().kind();
  }

  /**
   * The index of the text's first control character other than tab and line ends (U+0000 to U+001F,
   * U+007F), or -1.
   */
  int controlAt() {
    return facts().control();
  }

  private Facts facts() {
    Facts f = FACTS.get(text);
    if (f == null) {
      f = new Facts(classify(), firstControl(text));
      if (text.length() <= MAX_TEXT && FACTS.size() < MAX_FACTS) {
        FACTS.put(text, f);
      }
    }
    return f;
  }

  private static int firstControl(String text) {
    for (int j = 0; j < text.length(); j++) {
      char c = text.charAt(j);
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
        return j;
      }
    }
    return -1;
  }

  /**
   * A unit when a line is a section or a systemd key; an environment file when a line is an
   * assignment and none looks like a command line (a word starting with '-', or the kubelet
   * binary), so that a stray line without '=' in an environment file is reported there instead of
   * turning the file into a command line; otherwise a command line.
   */
  private Kind classify() {
    boolean assignments = false;
    boolean command = false;
    for (String raw : text.lines().toList()) {
      String l = raw.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
        continue;
      }
      if ((l.startsWith("[") && l.endsWith("]")) || SYSTEMD_KEY.matcher(l).matches()) {
        return Kind.SYSTEMD;
      }
      if (ASSIGNMENT.matcher(l).matches()) {
        assignments = true;
      } else if (COMMAND.matcher(l).find()) {
        command = true;
      }
    }
    return assignments && !command ? Kind.ENV_FILE : Kind.COMMAND_LINE;
  }
}
