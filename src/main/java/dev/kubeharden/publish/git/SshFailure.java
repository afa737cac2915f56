package dev.kubeharden.publish.git;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;

/**
 * One human line for an SSH connection that failed before git could speak: Apache MINA sshd reports
 * these as {@code DefaultConnectFuture[git@host/<unresolved>:22]: Failed
 * (UnresolvedAddressException) to execute: null}. The line names the remote as {@code
 * user@host:port} (never a password) and what to check. Host key refusals and authentication
 * failures are worded by {@link SshSessions}.
 */
final class SshFailure {
  private SshFailure() {}

  /** The line for {@code e}, or null when it is not a connection failure this class knows. */
  static String describe(Throwable e, URIish uri, int timeoutSeconds) {
    String where = where(uri);
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t.getClass().getSimpleName() + " " + t.getMessage();
      if (t instanceof UnresolvedAddressException
          || t instanceof UnknownHostException
          || text.contains("UnresolvedAddressException")
          || text.contains("UnknownHostException")) {
        return "cannot resolve the host " + uri.getHost() + " of " + where;
      }
      if (t instanceof Deadline.TimedOut
          || t instanceof SocketTimeoutException
          || t instanceof java.nio.channels.InterruptedByTimeoutException
          || text.toLowerCase(Locale.ROOT).contains("timeout")
          || text.toLowerCase(Locale.ROOT).contains("timed out")) {
        return "no answer from " + where + " within " + timeoutSeconds + "s (--timeout)";
      }
      if (t instanceof NoRouteToHostException || text.contains("NoRouteToHostException")) {
        return "no route to " + where;
      }
      if (t instanceof ConnectException || text.contains("ConnectException")) {
        return text.toLowerCase(Locale.ROOT).contains("refused")
            ? "connection refused by " + where + " (is an SSH server listening there?)"
            : "cannot connect to " + where;
      }
      if (t instanceof InterruptedIOException) {
        return null;
      }
    }
    return null;
  }

  /**
   * {@code user@host:port} of an SSH URL; the user only when the URL names one, never a password.
   */
  static String where(URIish uri) {
    String user = uri.getUser() == null || uri.getUser().isEmpty() ? "" : uri.getUser() + "@";
    return user + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 22);
  }
}
