package dev.kubeharden.publish.git;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jgit.transport.Transport;

/**
 * A wall-clock bound on one network call. JGit's own timeout only bounds each read, so a server
 * that keeps sending a byte now and then holds a fetch forever; here the call runs on its own
 * thread, and past the bound its transport is closed and the caller gets {@link TimedOut}.
 */
final class Deadline {
  /** A call that did not finish within its time. */
  static final class TimedOut extends IOException {
    private static final long serialVersionUID = 1L;

    TimedOut(int seconds) {
      super("timed out after " + seconds + "s");
    }
  }

  /** One network call on a transport. */
  interface Call<T> {
    T run() throws IOException;
  }

  private Deadline() {}

  static <T> T run(int seconds, Transport tr, Call<T> call) throws IOException {
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kubeharden-git");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<T> f = worker.submit(call::run);
      try {
        return f.get(seconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        tr.close();
        throw new TimedOut(seconds);
      } catch (InterruptedException e) {
        f.cancel(true);
        tr.close();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IOException(cause);
      }
    } finally {
      worker.shutdownNow();
    }
  }
}
