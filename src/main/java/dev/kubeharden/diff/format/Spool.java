package dev.kubeharden.diff.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The sections of a report being written: fragments are kept in memory up to a limit, then spilled
 * to files in a private temporary directory, so memory does not grow with the fleet; {@link #close}
 * deletes the files.
 */
public final class Spool implements DiffFormat.Sections, AutoCloseable {
  /** In memory up to this many characters over all sections, then in files. */
  public static final long DEFAULT_MEMORY = 8L << 20;

  private final String separator;
  private final long memory;
  private final StringBuilder[] mem;
  private final boolean[] started;
  private long size;
  private Path dir;
  private Path[] files;
  private Writer[] writers;
  private OutputStream raw;

  /** The prefix of the spill directories in the temporary directory. */
  private static final String SCRATCH = "kubeharden-diff";

  private Spool(DiffFormat format, long memory) {
    dev.kubeharden.write.ScratchDirs.sweepStale(SCRATCH);
    this.separator = format.separator();
    this.memory = memory;
    int n = format.sections();
    this.mem = new StringBuilder[n];
    for (int i = 0; i < n; i++) {
      mem[i] = new StringBuilder();
    }
    this.started = new boolean[n];
  }

  /** A spool that never spills (a report already in memory). */
  public static Spool inMemory(DiffFormat format) {
    return new Spool(format, Long.MAX_VALUE);
  }

  /** A spool that spills to files past {@code memory} characters. */
  public static Spool spilling(DiffFormat format, long memory) {
    return new Spool(format, memory);
  }

  /**
   * The UTF-8 byte stream under the writer the report goes to: spilled sections are copied to it as
   * bytes, without decoding.
   */
  public void raw(OutputStream raw) {
    this.raw = raw;
  }

  /** Appends one node's fragments (empty ones add nothing). */
  public void add(List<String> fragments) throws IOException {
    for (int i = 0; i < fragments.size(); i++) {
      String f = fragments.get(i);
      if (f.isEmpty()) {
        continue;
      }
      if (started[i]) {
        write(i, separator);
      }
      started[i] = true;
      write(i, f);
    }
    if (dir == null && size > memory) {
      spill();
    }
  }

  /** Whether the report spilled to files (for tests). */
  public boolean spilled() {
    return dir != null;
  }

  private void write(int i, String s) throws IOException {
    if (dir == null) {
      mem[i].append(s);
      size += s.length();
    } else {
      writers[i].write(s);
    }
  }

  private void spill() throws IOException {
    dir = dev.kubeharden.write.ScratchDirs.create(SCRATCH);
    files = new Path[mem.length];
    writers = new Writer[mem.length];
    for (int i = 0; i < mem.length; i++) {
      files[i] = dir.resolve("section" + i);
      writers[i] =
          new BufferedWriter(Files.newBufferedWriter(files[i], StandardCharsets.UTF_8), 1 << 16);
      writers[i].append(mem[i]);
      mem[i] = null;
    }
  }

  @Override
  public boolean isEmpty(int section) {
    return !started[section];
  }

  @Override
  public void copyTo(int section, Writer out) throws IOException {
    if (dir == null) {
      out.append(mem[section]);
      return;
    }
    writers[section].flush();
    if (raw != null) {
      out.flush();
      Files.copy(files[section], raw);
      return;
    }
    try (var r = Files.newBufferedReader(files[section], StandardCharsets.UTF_8)) {
      r.transferTo(out);
    }
  }

  @Override
  public void close() throws IOException {
    if (dir == null) {
      return;
    }
    IOException first = null;
    for (int i = 0; i < writers.length; i++) {
      try {
        writers[i].close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
      Files.deleteIfExists(files[i]);
    }
    dev.kubeharden.write.ScratchDirs.delete(dir);
    if (first != null) {
      throw first;
    }
  }
}
