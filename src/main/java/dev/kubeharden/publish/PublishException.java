package dev.kubeharden.publish;

import dev.kubeharden.model.ExitCode;
import dev.kubeharden.model.KubehardenFailure;
import java.io.IOException;

/**
 * A publish step failed (git remote, push, forge API). The message is one line for the user: it
 * names the remote or endpoint, never a credential. An {@link IOException} so the command line
 * reports it as a runtime failure (exit 1).
 */
public class PublishException extends IOException implements KubehardenFailure {
  private static final long serialVersionUID = 1L;

  public PublishException(String message) {
    super(message);
  }

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.RUNTIME_FAILURE;
  }
}
