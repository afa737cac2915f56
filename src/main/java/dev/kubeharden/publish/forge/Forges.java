package dev.kubeharden.publish.forge;

import dev.kubeharden.publish.Secrets;
import java.time.Duration;
import java.util.Locale;

/** Creates the client for a forge kind. */
public final class Forges {
  private Forges() {}

  public enum Kind {
    GITHUB("https://api.github.com"),
    GITLAB("https://gitlab.com"),
    GITEA(null);

    private final String defaultUrl;

    Kind(String defaultUrl) {
      this.defaultUrl = defaultUrl;
    }

    /**
     * The API root (GitHub) or instance URL (GitLab) used without --forge-url; null when there is
     * none.
     */
    public String defaultUrl() {
      return defaultUrl;
    }

    public static Kind parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * The client for a forge kind.
   *
   * @param url GitHub: the API root (https://api.github.com, https://HOST/api/v3); GitLab, Gitea,
   *     Forgejo: the instance (https://gitlab.example.com)
   * @throws IllegalArgumentException when the project is not OWNER/NAME (GROUP/.../NAME for GitLab)
   */
  public static ForgeClient client(
      Kind kind, String url, String project, String token, Duration timeout, Secrets s) {
    return switch (kind) {
      case GITHUB -> new GitHubClient(url, project, token, timeout, s);
      case GITLAB -> new GitLabClient(url, project, token, timeout, s);
      case GITEA -> new GiteaClient(url, project, token, timeout, s);
    };
  }
}
