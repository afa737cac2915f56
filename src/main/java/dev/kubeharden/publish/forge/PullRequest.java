package dev.kubeharden.publish.forge;

import java.util.List;

/**
 * An open pull (merge) request as the forge reports it.
 *
 * @param title the title without a draft prefix ("Draft: ", "WIP: ")
 * @param draft whether the forge shows it as a draft
 * @param reviewers users and teams ("org/team") asked for review
 */
public record PullRequest(
    long number,
    String url,
    String title,
    String body,
    List<String> labels,
    boolean draft,
    List<String> reviewers) {
  public PullRequest {
    body = body == null ? "" : body;
    labels = List.copyOf(labels);
    reviewers = List.copyOf(reviewers);
  }

  public PullRequest(
      long number, String url, String title, String body, List<String> labels, boolean draft) {
    this(number, url, title, body, labels, draft, List.of());
  }

  PullRequest withLabels(List<String> l) {
    return new PullRequest(number, url, title, body, l, draft, reviewers);
  }

  PullRequest withReviewers(List<String> r) {
    return new PullRequest(number, url, title, body, labels, draft, r);
  }
}
