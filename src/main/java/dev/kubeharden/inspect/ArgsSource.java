package dev.kubeharden.inspect;

/** Text that holds kubelet arguments: inline, a systemd unit or drop-in, an environment file, or a ps line. */
record ArgsSource(String name, String text) {

  enum Kind {
    SYSTEMD,
    ENV_FILE,
    COMMAND_LINE
  }

  Kind kind() {
    boolean envOnly = true;
    boolean any = false;
    for (String raw : text.split("\n")) {
      String l = raw.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
        continue;
      }
      any = true;
      if (l.startsWith("[") && l.endsWith("]") || l.matches("(ExecStart|Environment|EnvironmentFile)\\s*=.*")) {
        return Kind.SYSTEMD;
      }
      if (!l.matches("(export\\s+)?[A-Za-z_][A-Za-z0-9_]*=.*")) {
        envOnly = false;
      }
    }
    return any && envOnly ? Kind.ENV_FILE : Kind.COMMAND_LINE;
  }
}
