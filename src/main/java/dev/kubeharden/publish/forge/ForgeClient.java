package dev.kubeharden.publish.forge;

import dev.kubeharden.publish.PublishException;
import java.util.List;
import java.util.Optional;

/** The few pull-request calls kubeharden needs from a forge. */
public interface ForgeClient {
  /** The open pull request from {@code branch} into {@code base}, if there is one. */
  Optional<PullRequest> findOpen(String branch, String base) throws PublishException;

  /**
   * The latest pull request from {@code branch} into {@code base} that was closed without being
   * merged, if the forge tells; empty when it does not.
   */
  default Optional<PullRequest> findClosedUnmerged(String branch, String base)
      throws PublishException {
    return Optional.empty();
  }

  /** The marker of the bundle a body describes: {@code <!-- kubeharden-bundle: HASH -->}. */
  static String bundleMarker(String body) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<!-- kubeharden-bundle: ([0-9a-f]{64}) -->").matcher(body);
    return m.find() ? m.group(1) : null;
  }

  /**
   * Opens a pull request; a {@link ForgeException#duplicate()} failure means one is already open.
   */
  PullRequest create(PullRequestSpec spec) throws PublishException;

  /** Sets title and body and adds the spec's labels that are missing. */
  PullRequest update(PullRequest pr, PullRequestSpec spec) throws PublishException;

  /**
   * Asks these users and teams ("org/team") for review; nobody already asked, and no approval, is
   * removed.
   */
  PullRequest requestReviewers(PullRequest pr, List<String> reviewers) throws PublishException;

  /** Comments on a pull request, then closes it without merging. */
  void close(PullRequest pr, String comment) throws PublishException;

  /** The marker every body kubeharden writes starts with: a pull request it made. */
  String MADE_BY = "<!-- kubeharden: this description is rewritten on every run -->";

  /** Whether kubeharden wrote this pull request's body. */
  static boolean madeByKubeharden(PullRequest pr) {
    return pr.body().replace("\r\n", "\n").strip().startsWith(MADE_BY);
  }

  /** Whether teams ("org/team") can be asked for review; GitLab asks users only. */
  default boolean asksTeams() {
    return true;
  }

  /** Who a reviewer is asked as: a team's slug (after its "org/"), else the user. */
  static String slugOf(String reviewer) {
    String r = reviewer.startsWith("@") ? reviewer.substring(1) : reviewer;
    return r.substring(r.indexOf('/') + 1);
  }

  /**
   * Finds the open pull request for the branch and updates it when its title, body or labels
   * differ, or opens one. A create that races another (the forge's duplicate answer) falls back to
   * the one now open.
   */
  default Outcome ensure(PullRequestSpec spec) throws PublishException {
    Optional<PullRequest> open = findOpen(spec.branch(), spec.base());
    if (open.isEmpty()) {
      // a pull request someone closed without merging stays closed until the bundle changes
      String marker = bundleMarker(spec.body());
      Optional<PullRequest> closed =
          marker == null ? Optional.empty() : findClosedUnmerged(spec.branch(), spec.base());
      if (closed.isPresent() && marker.equals(bundleMarker(closed.get().body()))) {
        return new Outcome(closed.get(), Outcome.Action.NOT_REOPENED);
      }
      try {
        return withReviewers(new Outcome(create(spec), Outcome.Action.OPENED), spec);
      } catch (ForgeException e) {
        if (!e.duplicate()) {
          throw e;
        }
        open = findOpen(spec.branch(), spec.base());
        if (open.isEmpty()) {
          throw e;
        }
      }
    }
    PullRequest pr = open.get();
    boolean same =
        pr.title().equals(spec.title())
            && normalized(pr.body()).equals(normalized(spec.body()))
            && pr.labels().containsAll(spec.labels());
    Outcome o =
        same
            ? new Outcome(pr, Outcome.Action.UNCHANGED)
            : new Outcome(update(pr, spec), Outcome.Action.UPDATED);
    return withReviewers(o, spec);
  }

  /** Asks the spec's reviewers that are not asked yet. */
  private Outcome withReviewers(Outcome o, PullRequestSpec spec) throws PublishException {
    List<String> missing = new java.util.ArrayList<>();
    for (String r : spec.reviewers()) {
      if (r.contains("/") && !asksTeams()) {
        continue;
      }
      if (!o.pullRequest().reviewers().contains(slugOf(r)) && !missing.contains(r)) {
        missing.add(r);
      }
    }
    if (missing.isEmpty()) {
      return o;
    }
    PullRequest pr = requestReviewers(o.pullRequest(), missing);
    return new Outcome(
        pr, o.action() == Outcome.Action.UNCHANGED ? Outcome.Action.UPDATED : o.action());
  }

  /** Bodies compare without line-ending and edge-whitespace differences a forge may introduce. */
  private static String normalized(String body) {
    return body.replace("\r\n", "\n").strip();
  }

  /** What {@link #ensure} did. */
  record Outcome(PullRequest pullRequest, Action action) {
    public enum Action {
      OPENED,
      UPDATED,
      UNCHANGED,
      /** Closed without merging, and the bundle is the one it had: left closed. */
      NOT_REOPENED
    }
  }
}
