package dev.kubeharden.publish.forge;

import java.util.List;

/**
 * An open pull (merge) request as the forge reports it.
 *
 * @param title the title without a draft prefix ("Draft: ", "WIP: ")
 * @param draft whether the forge shows it as a draft
 */
public record PullRequest(
    long number, String url, String title, String body, List<String> labels, boolean draft) {
  public PullRequest {
    body = body == null ? "" : body;
    labels = List.copyOf(labels);
  }
}
