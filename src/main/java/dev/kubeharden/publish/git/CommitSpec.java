package dev.kubeharden.publish.git;

/**
 * The commit kubeharden makes: author and committer are both this identity, set explicitly.
 *
 * @param message subject, blank line, body; the Generated-by trailer (and Signed-off-by with {@code
 *     signoff}) is added
 * @param signingKey the SSH or OpenPGP key that signs the commit, or null
 * @param passphrase the signing key's passphrase, or null
 */
public record CommitSpec(
    String name,
    String email,
    String message,
    boolean signoff,
    SigningKey signingKey,
    String passphrase) {
  /** An unsigned commit. */
  public CommitSpec(String name, String email, String message, boolean signoff) {
    this(name, email, message, signoff, null, null);
  }
}
