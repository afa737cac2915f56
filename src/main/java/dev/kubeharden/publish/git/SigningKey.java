package dev.kubeharden.publish.git;

/**
 * The key that signs kubeharden's commits, in git's terms (gpg.format).
 *
 * @param key {@link Format#SSH}: the private key file's absolute path; {@link Format#OPENPGP}: a
 *     key id, fingerprint or user id (an email address) of a secret key in the GnuPG home
 *     ($GNUPGHOME, else ~/.gnupg), as git's user.signingKey
 */
public record SigningKey(Format format, String key) {
  /** git's gpg.format values that JGit signs with. */
  public enum Format {
    SSH,
    OPENPGP
  }
}
