package dev.kubeharden.model;

import java.util.List;

/**
 * The root of kubeharden's own failures: each carries its exit code and says how it reads on
 * stderr, so the command line handles them with one dispatch. An interface rather than a base
 * class, because the I/O failures ({@code PublishException}, {@code UnsafeTargetException}) stay
 * checked {@link java.io.IOException}s.
 */
public interface KubehardenFailure {
  ExitCode exitCode();

  /**
   * The lines for stderr, one a problem; by default the one-line {@link #line} (implementations are
   * exceptions).
   *
   * @param untouched what the command left alone because of the failure ("nothing was written"), or
   *     null when it has nothing to say
   */
  default List<String> diagnostics(String untouched) {
    return List.of(line((Throwable) this));
  }

  /** "kubeharden: message", the one-line form of most failures. */
  static String line(Throwable t) {
    String m = t.getMessage();
    return "kubeharden: " + (m == null ? t.getClass().getSimpleName() : m);
  }
}
