package dev.kubeharden.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.util.FS;

/**
 * A real git server over SSH for tests: Apache MINA sshd's SshServer on 127.0.0.1 with public-key
 * authentication only, and a command factory that runs JGit's UploadPack and ReceivePack on the
 * channel's streams (what {@code git-upload-pack} and {@code git-receive-pack} do behind a real
 * sshd). It serves the bare repositories under a directory at {@code
 * ssh://git@127.0.0.1:PORT/NAME}.
 */
public final class GitSshServer implements AutoCloseable {
  private static final Pattern COMMAND =
      Pattern.compile("(git-upload-pack|git-receive-pack) '?/?([^']+?)'?");

  private final Path root;
  private final SshServer sshd;
  private final KeyPair hostKey;
  private volatile PublicKey authorized;

  /**
   * Serves {@code root} with a fresh ed25519 host key to clients holding {@code authorized}'s
   * private key.
   */
  public GitSshServer(Path root, PublicKey authorized)
      throws IOException, GeneralSecurityException {
    this.root = root;
    this.authorized = authorized;
    this.hostKey = ed25519();
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> "git".equals(user) && KeyUtils.compareKeys(key, this.authorized));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory((channel, command) -> new GitCommand(command));
    sshd.start();
  }

  /** A new ed25519 key pair (sshd's generator, backed by net.i2p EdDSA). */
  public static KeyPair ed25519() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  /**
   * Writes {@code key}'s private key in OpenSSH format (encrypted when {@code passphrase} is set),
   * mode 600.
   */
  public static Path writePrivateKey(KeyPair key, Path file, String passphrase)
      throws IOException, GeneralSecurityException {
    Files.createDirectories(file.getParent());
    OpenSSHKeyEncryptionContext options = null;
    if (passphrase != null) {
      options = new OpenSSHKeyEncryptionContext();
      options.setCipherName("AES");
      options.setCipherMode("CTR");
      options.setCipherType("256");
      options.setPassword(passphrase);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test@kubeharden", options, out);
    }
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    return file;
  }

  /** {@code ssh-ed25519 AAAA...}: a public key as in authorized_keys and known_hosts. */
  public static String publicKeyLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }

  /** The known_hosts line for this server's host key. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + port() + " " + publicKeyLine(hostKey.getPublic());
  }

  public void authorize(PublicKey key) {
    this.authorized = key;
  }

  public int port() {
    return sshd.getPort();
  }

  public String url(String name) {
    return "ssh://git@127.0.0.1:" + port() + "/" + name;
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  /** git-upload-pack or git-receive-pack on one channel, in its own thread. */
  private final class GitCommand implements Command, Runnable {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread thread;

    GitCommand(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      thread = new Thread(this, "git-ssh " + command);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      Matcher m = COMMAND.matcher(command.strip());
      if (!m.matches()) {
        fail("unsupported command: " + command);
        return;
      }
      Path dir = root.resolve(m.group(2)).normalize();
      if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
        fail("no repository " + m.group(2));
        return;
      }
      try (Repository repo = RepositoryCache.FileKey.exact(dir.toFile(), FS.DETECTED).open(true)) {
        if (m.group(1).equals("git-upload-pack")) {
          new UploadPack(repo).upload(in, out, err);
        } else {
          new ReceivePack(repo).receive(in, out, err);
        }
        out.flush();
        exit.onExit(0);
      } catch (IOException | UncheckedIOException e) {
        fail(String.valueOf(e.getMessage()));
      }
    }

    private void fail(String message) {
      try {
        err.write(("fatal: " + message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        err.flush();
      } catch (IOException ignored) {
        // the client went away
      }
      exit.onExit(128, message);
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (thread != null) {
        thread.interrupt();
      }
    }
  }
}
