package dev.kubeharden.publish.git;

/**
 * The commit kubeharden makes: author and committer are both this identity, set explicitly.
 *
 * @param message subject, blank line, body; the Generated-by trailer (and Signed-off-by with {@code
 *     signoff}) is added
 */
public record CommitSpec(String name, String email, String message, boolean signoff) {}
