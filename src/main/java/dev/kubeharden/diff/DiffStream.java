package dev.kubeharden.diff;

import dev.kubeharden.diff.format.DiffFormat;
import dev.kubeharden.diff.format.DiffTotals;
import dev.kubeharden.diff.format.Spool;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a {@link DiffPlan} in any format: each node is read, inspected, compared and rendered to its
 * fragments on a worker thread, a bounded window of nodes ahead; the calling thread adds the
 * fragments, in node order, to a {@link Spool} and keeps only counts, so memory does not grow with
 * the fleet. The document is written only when no node had an input problem (then all problems are
 * thrown together and nothing is written), so the output is byte for byte what {@link
 * DiffFormat#render} gives for the same nodes in memory.
 */
public final class DiffStream {
  private static final int WINDOW = 512;

  private final long memory;
  private final int threads;

  /**
   * A stream that spills its sections to files past {@code memory} characters and diffs {@code
   * threads} nodes at a time.
   */
  public DiffStream(long memory, int threads) {
    this.memory = memory;
    this.threads = threads;
  }

  /** A stream that spills past {@code memory} characters, one node a core at a time. */
  public DiffStream(long memory) {
    this(memory, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public DiffStream() {
    this(Spool.DEFAULT_MEMORY);
  }

  /**
   * Writes the report of {@code plan} to {@code out}; {@code raw}, when not null, is the UTF-8 byte
   * stream under {@code out}, which spilled sections are copied to without decoding.
   */
  public DiffTotals run(DiffPlan plan, DiffFormat format, Writer out, OutputStream raw)
      throws IOException {
    format.begin(plan.head());
    DiffTotals totals = new DiffTotals();
    List<Problem> problems = new ArrayList<>();
    NodeMemo memo = new NodeMemo();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "diff-worker");
              t.setDaemon(true);
              return t;
            });
    try (Spool spool = Spool.spilling(format, memory)) {
      spool.raw(raw);
      try {
        ArrayDeque<Future<Part>> window = new ArrayDeque<>();
        List<DiffPlan.Job> jobs = plan.jobs();
        int next = 0;
        while (next < jobs.size() || !window.isEmpty()) {
          while (next < jobs.size() && window.size() < WINDOW) {
            DiffPlan.Job job = jobs.get(next++);
            window.add(pool.submit(() -> one(job, format, memo)));
          }
          Part p = take(window.poll());
          if (p.problems() != null) {
            problems.addAll(p.problems());
          } else if (problems.isEmpty()) {
            spool.add(p.fragments());
            totals.add(p.totals());
          }
        }
      } finally {
        pool.shutdownNow();
      }
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      format.document(plan.head(), totals, spool, out);
      out.flush();
    }
    return totals;
  }

  /** A node's fragments and counts, or its input problems. */
  private record Part(List<String> fragments, DiffTotals totals, List<Problem> problems) {}

  private static Part one(DiffPlan.Job job, DiffFormat format, NodeMemo memo) {
    try {
      NodeDiff d = DiffService.node(job, memo);
      return new Part(format.fragments(d), DiffTotals.of(d), null);
    } catch (InvalidInputException e) {
      return new Part(null, null, e.problems());
    }
  }

  private static Part take(Future<Part> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }
}
