package dev.kubeharden.publish.forge;

import dev.kubeharden.publish.PublishException;

/** A forge API call failed; {@code status} is the HTTP status, or 0 when no answer came. */
public final class ForgeException extends PublishException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean duplicate;

  ForgeException(String message, int status, boolean duplicate, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.duplicate = duplicate;
  }

  public int status() {
    return status;
  }

  /** The forge said a pull request for this branch already exists. */
  public boolean duplicate() {
    return duplicate;
  }
}
