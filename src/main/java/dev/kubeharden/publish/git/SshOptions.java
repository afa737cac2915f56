package dev.kubeharden.publish.git;

import java.nio.file.Path;

/**
 * How to reach an SSH remote (ssh://, ssh+git://, git+ssh:// or scp-like user@host:path). Only
 * public-key authentication is used, and a host key must already be in the known-hosts file:
 * unknown and changed host keys are refused, never accepted.
 *
 * @param home the user's home directory: ~/.ssh (keys, known_hosts, config) is found there
 * @param key the private key to use, or null for the usual identities in ~/.ssh (id_ed25519,
 *     id_ecdsa, id_rsa, ... or the IdentityFile of ~/.ssh/config)
 * @param knownHosts the known-hosts file, or null for ~/.ssh/known_hosts (or UserKnownHostsFile of
 *     ~/.ssh/config)
 * @param passphrase the passphrase of an encrypted key, or null
 */
public record SshOptions(Path home, Path key, Path knownHosts, String passphrase) {
  /** Whether ~/.ssh/config is read: only when neither the key nor the known-hosts file is given. */
  boolean readsConfig() {
    return key == null && knownHosts == null;
  }

  Path sshDir() {
    return home.resolve(".ssh");
  }

  /** The known-hosts file in use. */
  Path knownHostsFile() {
    return knownHosts != null ? knownHosts : sshDir().resolve("known_hosts");
  }
}
