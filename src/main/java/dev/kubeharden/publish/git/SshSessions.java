package dev.kubeharden.publish.git;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;

/**
 * JGit's Apache MINA SSH client set up explicitly: the home and ~/.ssh directories, the identities,
 * the known-hosts file, public-key authentication only, and strict host key checking whatever
 * ~/.ssh/config says. With --ssh-key or --known-hosts, ~/.ssh/config is not read at all, so nothing
 * of the user's ~/.ssh changes what happens.
 */
final class SshSessions extends SshdSessionFactory {
  /** OpenSSH's default identities, in its order. */
  private static final List<String> DEFAULT_IDENTITIES =
      List.of(
          "id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_xmss", "id_dsa");

  private final SshOptions options;
  private volatile String refusal;
  private volatile String keyProblem;

  SshSessions(SshOptions options) {
    this.options = options;
    setHomeDirectory(options.home().toFile());
    setSshDirectory(options.sshDir().toFile());
  }

  /** Why the last host key was refused (one sentence), or null. */
  String refusal() {
    return refusal;
  }

  /**
   * One line for an authentication failure as {@code where} (user@host:port): the key that could
   * not be used, or the keys the server refused. JGit's own message is a log of every attempt; this
   * names the keys and what to check.
   */
  String authenticationFailure(String where) {
    String failed = "authentication as " + where + " failed: ";
    if (keyProblem != null) {
      return failed + keyProblem;
    }
    List<Path> keys = getDefaultIdentities(getSshDirectory());
    if (keys.isEmpty() && options.readsConfig()) {
      return failed + "no SSH key found in " + options.sshDir() + " (pass --ssh-key)";
    }
    return failed
        + "the server accepted none of the keys tried ("
        + (keys.isEmpty()
            ? "~/.ssh/config's IdentityFile"
            : keys.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", ")))
        + "); is the public key authorized for this repository and user?";
  }

  @Override
  protected File getSshConfig(File sshDir) {
    return options.readsConfig() ? new File(sshDir, "config") : null;
  }

  @Override
  protected List<Path> getDefaultIdentities(File sshDir) {
    if (options.key() != null) {
      return List.of(options.key());
    }
    return DEFAULT_IDENTITIES.stream()
        .map(n -> sshDir.toPath().resolve(n))
        .filter(p -> p.toFile().isFile())
        .toList();
  }

  @Override
  protected List<Path> getDefaultKnownHostsFiles(File sshDir) {
    return List.of(options.knownHostsFile());
  }

  @Override
  protected String getDefaultPreferredAuthentications() {
    return "publickey";
  }

  @Override
  protected KeyPasswordProvider createKeyPasswordProvider(CredentialsProvider provider) {
    return new Passphrase();
  }

  @Override
  protected ServerKeyDatabase createServerKeyDatabase(File homeDir, File sshDir) {
    ServerKeyDatabase known = super.createServerKeyDatabase(homeDir, sshDir);
    return new ServerKeyDatabase() {
      @Override
      public List<PublicKey> lookup(
          String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        return known.lookup(connectAddress, remoteAddress, strict(config));
      }

      @Override
      public boolean accept(
          String connectAddress,
          InetSocketAddress remoteAddress,
          PublicKey serverKey,
          Configuration config,
          CredentialsProvider provider) {
        Configuration strict = strict(config);
        // never ask, never add: a host key is accepted only when the known-hosts file already has
        // it
        if (known.accept(connectAddress, remoteAddress, serverKey, strict, null)) {
          refusal = null;
          return true;
        }
        String file = String.join(", ", strict.getUserKnownHostsFiles());
        refusal =
            known.lookup(connectAddress, remoteAddress, strict).isEmpty()
                ? "the host key of "
                    + connectAddress
                    + " is not in "
                    + file
                    + "; refusing an unknown host (add its key there after checking its fingerprint)"
                : "the host key of "
                    + connectAddress
                    + " does not match "
                    + file
                    + "; refusing a changed host key (it may be an impostor; check with the server's admin)";
        return false;
      }
    };
  }

  /**
   * The configuration with strict checking, and only the chosen known-hosts file when --known-hosts
   * is given.
   */
  private ServerKeyDatabase.Configuration strict(ServerKeyDatabase.Configuration c) {
    boolean own = options.knownHosts() != null;
    return new ServerKeyDatabase.Configuration() {
      @Override
      public List<String> getUserKnownHostsFiles() {
        if (own || c.getUserKnownHostsFiles() == null || c.getUserKnownHostsFiles().isEmpty()) {
          return List.of(options.knownHostsFile().toString());
        }
        return c.getUserKnownHostsFiles();
      }

      @Override
      public List<String> getGlobalKnownHostsFiles() {
        return own ? List.of() : c.getGlobalKnownHostsFiles();
      }

      @Override
      public StrictHostKeyChecking getStrictHostKeyChecking() {
        return StrictHostKeyChecking.REQUIRE_MATCH;
      }

      @Override
      public boolean getHashKnownHosts() {
        return c.getHashKnownHosts();
      }

      @Override
      public String getUsername() {
        return c.getUsername();
      }
    };
  }

  /** The passphrase from --ssh-key-passphrase-env, tried once; no prompt. */
  private final class Passphrase implements KeyPasswordProvider {
    @Override
    public char[] getPassphrase(URIish uri, int attempt) {
      String passphrase = options.passphrase();
      if (passphrase == null) {
        keyProblem =
            "the key "
                + uri
                + " is encrypted; name the variable holding its passphrase with"
                + " --ssh-key-passphrase-env";
        return null;
      }
      return attempt > 0 ? null : passphrase.toCharArray();
    }

    @Override
    public void setAttempts(int attempts) {
      // one attempt: a passphrase from the environment does not get better by asking again
    }

    @Override
    public int getAttempts() {
      return 1;
    }

    @Override
    public boolean keyLoaded(URIish uri, int attempt, Exception error) {
      if (error != null) {
        keyProblem =
            "the key "
                + uri
                + " could not be decrypted with the passphrase from --ssh-key-passphrase-env";
      }
      return false;
    }
  }
}
