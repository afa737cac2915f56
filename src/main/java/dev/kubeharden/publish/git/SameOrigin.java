package dev.kubeharden.publish.git;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * JGit's HTTP connections, opened only to the origin (scheme, host and port) the user named. JGit
 * follows a server's redirects itself and keeps sending credentials to the same host on another
 * port, or hands the password to whichever host answers 401 after a redirect; here no connection to
 * another origin is ever opened, so no credential can follow a redirect there.
 */
final class SameOrigin implements HttpConnectionFactory2 {
  private final HttpConnectionFactory delegate;
  private final String origin;
  private volatile String refusal;

  SameOrigin(HttpConnectionFactory delegate, URIish named) {
    this.delegate = delegate;
    this.origin = origin(named.getScheme(), named.getHost(), named.getPort());
  }

  /** Why a connection was refused (one sentence), or null. */
  String refusal() {
    return refusal;
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    check(url);
    return delegate.create(url);
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    check(url);
    return delegate.create(url, proxy);
  }

  @Override
  public GitSession newSession() {
    if (delegate instanceof HttpConnectionFactory2 f) {
      return f.newSession();
    }
    return new GitSession() {
      @Override
      public HttpConnection configure(HttpConnection connection, boolean sslVerify) {
        return connection;
      }

      @Override
      public void close() {
        // nothing held
      }
    };
  }

  private void check(URL url) throws IOException {
    String to = origin(url.getProtocol(), url.getHost(), url.getPort());
    if (!to.equals(origin)) {
      refusal =
          "it redirected to "
              + to
              + url.getPath()
              + ", another origin; kubeharden sends credentials only to "
              + origin
              + ", the origin named (use the URL it redirects to if that is right)";
      throw new IOException(refusal);
    }
  }

  /** scheme://host[:port], the port left out when it is the scheme's default. */
  static String origin(String scheme, String host, int port) {
    String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    int defaultPort = s.equals("https") ? 443 : s.equals("http") ? 80 : -1;
    return s + "://" + h + (port < 0 || port == defaultPort ? "" : ":" + port);
  }
}
