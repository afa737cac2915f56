package dev.kubeharden.publish.git;

/**
 * Where and how to publish a bundle.
 *
 * @param repo a local repository (path) or a URL (file://, http(s)://, ssh:// or user@host:path)
 *     that is cloned to a temporary directory
 * @param remote the remote of a local repository to fetch from and push to (ignored for a URL)
 * @param base the branch to start from; null for the remote's default branch
 * @param branch the branch kubeharden owns
 * @param path the directory in the repository that holds the bundle ('/'-separated, not the root)
 * @param username the user name for an HTTP(S) remote when {@code password} is set and the URL
 *     names none
 * @param password the password or token for an HTTP(S) remote, or null
 * @param timeoutSeconds network timeout for fetch and push
 * @param ssh keys, known hosts and home directory for an SSH remote
 * @param keep paths under {@code path} (relative to it) left as they are instead of replaced: the
 *     pools of other rollout waves
 */
public record GitTarget(
    String repo,
    String remote,
    String base,
    String branch,
    String path,
    boolean push,
    boolean dryRun,
    String username,
    String password,
    int timeoutSeconds,
    SshOptions ssh,
    java.util.function.Predicate<String> keep) {}
