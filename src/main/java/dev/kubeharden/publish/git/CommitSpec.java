package dev.kubeharden.publish.git;

import java.nio.file.Path;

/**
 * The commit kubeharden makes: author and committer are both this identity, set explicitly.
 *
 * @param message subject, blank line, body; the Generated-by trailer (and Signed-off-by with {@code
 *     signoff}) is added
 * @param signingKey the SSH private key that signs the commit (as git's gpg.format=ssh), or null
 * @param passphrase the signing key's passphrase, or null
 */
public record CommitSpec(
    String name,
    String email,
    String message,
    boolean signoff,
    Path signingKey,
    String passphrase) {
  /** An unsigned commit. */
  public CommitSpec(String name, String email, String message, boolean signoff) {
    this(name, email, message, signoff, null, null);
  }
}
