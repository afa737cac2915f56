package dev.kubeharden.publish.git;

import java.util.List;
import java.util.Map;

/**
 * What publishing did.
 *
 * @param remote the remote's URL without credentials (or the local path when there is no remote)
 * @param commit the branch's commit after the run (the one that would be made, in a dry run); null
 *     for {@link State#BASE_HAS_BUNDLE}
 * @param baseFiles the files under the bundle path on the base branch
 * @param branchFiles the files under the bundle path on the existing branch, or null when it does
 *     not exist
 * @param kept paths outside the bundle directory that others changed on the branch, carried onto
 *     the new base when it was rebuilt
 * @param warnings what the user should know about the run (a push whose hooks did not run)
 * @param baseMoved whether the base moved on since the branch left it, without touching the bundle
 *     ({@link State#UP_TO_DATE} and {@link State#UPDATED} only: the branch was not rebuilt)
 * @param codeowners the base branch's CODEOWNERS file, or null
 */
public record GitResult(
    State state,
    String remote,
    String base,
    String branch,
    String commit,
    boolean pushed,
    Map<String, String> baseFiles,
    Map<String, String> branchFiles,
    List<String> kept,
    List<String> warnings,
    boolean baseMoved,
    String codeowners) {
  public GitResult {
    kept = List.copyOf(kept);
    warnings = List.copyOf(warnings);
  }

  public enum State {
    /** The branch did not exist: created from the base. */
    CREATED,
    /** A new commit on top of the existing branch. */
    UPDATED,
    /**
     * The base changed the bundle's files since the branch left it: the branch was rebuilt as one
     * commit on the new base (and force-pushed).
     */
    REBUILT,
    /** The branch already has exactly this bundle on the current base. */
    UP_TO_DATE,
    /** The base branch itself already holds the bundle: there is nothing to propose. */
    BASE_HAS_BUNDLE
  }

  public boolean changed() {
    return state == State.CREATED || state == State.UPDATED || state == State.REBUILT;
  }
}
