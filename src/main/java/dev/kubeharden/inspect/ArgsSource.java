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

  /** Kinds by text, bounded: the nodes of a fleet share their units and environment files. */
  private static final java.util.Map<String, Kind> KINDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_KINDS = 4096;
  private static final int MAX_TEXT = 64 * 1024;

  Kind kind() {
    Kind k = KINDS.get(text);
    if (k == null) {
      k = classify();
      if (text.length() <= MAX_TEXT && KINDS.size() < MAX_KINDS) {
        KINDS.put(text, k);
      }
    }
    return k;
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
