/**
 * Distro targets: one emitter per target, each turning a resolved profile into the files that
 * target's infra repository holds, driven by the expressibility matrix in {@code
 * kubeharden/facts/targets.tsv} (which field goes into which carrier, and what the target manages
 * itself or cannot express). {@link dev.kubeharden.target.Targets} lists them; the node target is
 * the classic bundle.
 */
package dev.kubeharden.target;
