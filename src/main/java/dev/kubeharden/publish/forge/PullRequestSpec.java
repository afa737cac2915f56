package dev.kubeharden.publish.forge;

import java.util.List;

/** The pull request kubeharden wants for {@code branch} into {@code base}. */
public record PullRequestSpec(
    String branch, String base, String title, String body, boolean draft, List<String> labels) {
  public PullRequestSpec {
    labels = List.copyOf(labels);
  }
}
