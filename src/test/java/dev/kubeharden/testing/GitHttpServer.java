package dev.kubeharden.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.util.FS;

/**
 * A real git server for tests: JGit's GitServlet inside Jetty 12 (ee10) on 127.0.0.1, behind HTTP
 * basic auth. It serves the bare repositories under a directory at {@code
 * http://127.0.0.1:PORT/git/NAME}.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Path root;
  private final Server server;
  private volatile PreReceiveHook preReceive = PreReceiveHook.NULL;
  private final java.util.concurrent.atomic.AtomicReference<Runnable> beforePush =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Every request received, authenticated or not: "METHOD /path", "(with Authorization)". */
  public final java.util.List<String> requests =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  public GitHttpServer(Path root, String user, String password) throws Exception {
    this.root = root;
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    GitServlet git = new GitServlet();
    git.setRepositoryResolver((req, name) -> open(name));
    git.setReceivePackFactory(
        (req, db) -> {
          ReceivePack rp = new ReceivePack(db);
          rp.setPreReceiveHook((r, commands) -> preReceive.onPreReceive(r, commands));
          return rp;
        });
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(git), "/git/*");
    Filter log =
        (req, resp, chain) -> {
          HttpServletRequest h = (HttpServletRequest) req;
          requests.add(
              h.getMethod()
                  + " "
                  + h.getRequestURI()
                  + (h.getHeader("Authorization") == null ? "" : " (with Authorization)"));
          chain.doFilter(req, resp);
        };
    context.addFilter(new FilterHolder(log), "/*", EnumSet.of(DispatcherType.REQUEST));
    Filter slow =
        (req, resp, chain) -> {
          if (trickle) {
            chain.doFilter(req, new Trickle((HttpServletResponse) resp));
          } else {
            chain.doFilter(req, resp);
          }
        };
    context.addFilter(new FilterHolder(slow), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(
        new FilterHolder(new BasicAuth(user, password)), "/*", EnumSet.of(DispatcherType.REQUEST));
    Filter racer =
        (req, resp, chain) -> {
          String q = ((HttpServletRequest) req).getQueryString();
          Runnable r =
              q != null && q.contains("service=git-receive-pack")
                  ? beforePush.getAndSet(null)
                  : null;
          if (r != null) {
            r.run();
          }
          chain.doFilter(req, resp);
        };
    context.addFilter(new FilterHolder(racer), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
  }

  /**
   * When set, every answer is sent one byte at a time, 200 ms apart: a server that never stops
   * sending, so no read ever times out, yet never finishes.
   */
  public volatile boolean trickle;

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The repository's URL without credentials. */
  public String url(String name) {
    return "http://127.0.0.1:" + port() + "/git/" + name;
  }

  /** The repository's URL with user and password in it. */
  public String url(String name, String user, String password) {
    return "http://" + user + ":" + password + "@127.0.0.1:" + port() + "/git/" + name;
  }

  public Path dir(String name) {
    return root.resolve(name);
  }

  /**
   * Runs before every push is applied, like a server-side hook (protected branches, racing pushes).
   */
  public void onPreReceive(PreReceiveHook hook) {
    this.preReceive = hook;
  }

  /**
   * Runs once, when the next push connects: someone else's push landing between a client's fetch
   * and push.
   */
  public void beforeNextPush(Runnable action) {
    beforePush.set(action);
  }

  private Repository open(String name) throws RepositoryNotFoundException {
    Path dir = root.resolve(name).normalize();
    if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
      throw new RepositoryNotFoundException(name);
    }
    try {
      return RepositoryCache.FileKey.exact(dir.toFile(), FS.DETECTED).open(true);
    } catch (IOException e) {
      throw new RepositoryNotFoundException(name, e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the git server", e);
    } catch (Exception e) {
      throw new IOException("could not stop the git server", e);
    }
  }

  /**
   * HTTP basic authentication with one user; the authenticated name becomes the request's remote
   * user.
   */
  private static final class BasicAuth implements Filter {
    private final String expected;
    private final String user;

    BasicAuth(String user, String password) {
      this.user = user;
      this.expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) req;
      if (!expected.equals(http.getHeader("Authorization"))) {
        HttpServletResponse r = (HttpServletResponse) resp;
        r.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
        r.sendError(401);
        return;
      }
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            @Override
            public String getRemoteUser() {
              return user;
            }
          },
          resp);
    }
  }

  /** A response whose bytes go out one at a time, slowly. */
  private static final class Trickle extends jakarta.servlet.http.HttpServletResponseWrapper {
    Trickle(HttpServletResponse r) {
      super(r);
    }

    @Override
    public jakarta.servlet.ServletOutputStream getOutputStream() throws IOException {
      jakarta.servlet.ServletOutputStream out = super.getOutputStream();
      return new jakarta.servlet.ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
          out.write(b);
          out.flush();
        }

        @Override
        public boolean isReady() {
          return out.isReady();
        }

        @Override
        public void setWriteListener(jakarta.servlet.WriteListener l) {
          out.setWriteListener(l);
        }
      };
    }
  }
}
