package dev.kubeharden.publish.forge;

import java.util.List;

/**
 * The pull request kubeharden wants for {@code branch} into {@code base}.
 *
 * @param reviewers users ("alice") and teams ("org/team") asked for review; never removed
 */
public record PullRequestSpec(
    String branch,
    String base,
    String title,
    String body,
    boolean draft,
    List<String> labels,
    List<String> reviewers) {
  public PullRequestSpec {
    labels = List.copyOf(labels);
    reviewers = List.copyOf(reviewers);
  }
}
