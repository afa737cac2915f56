package dev.kubeharden;

import dev.kubeharden.cli.ExitCodes;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training run {@code mvn package} makes the launcher's archives from (see pom.xml): several
 * commands in one JVM, separated by {@code --then}, so that a class-data-sharing archive ({@code
 * -XX:DumpLoadedClassList}) and an ahead-of-time cache ({@code -XX:AOTCacheOutput}), each made from
 * one process, hold the classes of every command trained, not only of the first. Each command runs
 * through {@link Main#run}, so that Main's classes are archived too; one that exits other than 0,
 * or 4 (drift, which a diff of a node that is not hardened reports), fails the build.
 */
public final class Training {
  static final String THEN = "--then";

  private Training() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(Writer.nullWriter());
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    for (String[] command : commands(args)) {
      int code = Main.run(out, err, command);
      if (code != ExitCodes.OK && code != ExitCodes.DRIFT) {
        throw new IllegalStateException(
            "training command exited " + code + ": " + String.join(" ", command));
      }
    }
  }

  /** The commands of {@code args}, split at each {@code --then}; empty ones dropped. */
  static List<String[]> commands(String[] args) {
    List<String[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= args.length; i++) {
      if (i == args.length || THEN.equals(args[i])) {
        if (i > start) {
          out.add(Arrays.copyOfRange(args, start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }
}
