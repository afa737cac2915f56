package dev.kubeharden.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the process talks to a terminal (colour, progress bars). */
final class Terminal {
  private static final Method IS_TERMINAL = isTerminalMethod();

  private Terminal() {}

  /**
   * True when standard input and output are a terminal. On JDK 22 and newer System.console() is
   * never null, so its isTerminal() decides there; on older JDKs a console exists only for a
   * terminal.
   */
  @SuppressWarnings(
      "SystemConsoleNull") // the null check is for JDK 17-21; isTerminal() decides on 22+
  static boolean interactive() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    if (IS_TERMINAL == null) {
      return true;
    }
    try {
      return (Boolean) IS_TERMINAL.invoke(c);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Colour only on an interactive terminal that is not dumb, and never under NO_COLOR
   * (no-color.org).
   */
  static boolean colour() {
    return interactive()
        && System.getenv("NO_COLOR") == null
        && !"dumb".equals(System.getenv("TERM"));
  }

  /** A progress bar only on an interactive terminal that can redraw a line (not TERM=dumb). */
  static boolean progress() {
    return interactive() && !"dumb".equals(System.getenv("TERM"));
  }

  private static Method isTerminalMethod() {
    try {
      return Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      return null; // JDK 21 and older
    }
  }
}
