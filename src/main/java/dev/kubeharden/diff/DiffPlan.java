package dev.kubeharden.diff;

import dev.kubeharden.diff.format.DiffHead;
import dev.kubeharden.inspect.NodeInputs;
import dev.kubeharden.inspect.NodeLayout;
import dev.kubeharden.model.ResolvedProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a diff will do before any node is read: the report's head, one job per node (in report
 * order), and the settings the node's distro attests ({@code diff --target}), for the notes. Every
 * route (one node, a directory of nodes, an inventory's fleet) makes a plan; {@link DiffStream}
 * runs it in every format.
 */
public record DiffPlan(DiffHead head, List<Job> jobs, List<String> attested) {
  public DiffPlan {
    jobs = List.copyOf(jobs);
    attested = List.copyOf(attested);
  }

  /**
   * One node to diff: its name in the report, how to find its inputs (a node directory is read on
   * the worker that diffs it), its profile, and the hardened config.yaml for --patch (or null).
   * {@code section}, when not null, gives the section's diff itself (the cluster section) and the
   * inputs are not read.
   */
  public record Job(
      String name,
      Supplier<NodeInputs> inputs,
      ResolvedProfile profile,
      String hardened,
      Supplier<dev.kubeharden.model.NodeDiff> section) {
    public Job(String name, Supplier<NodeInputs> inputs, ResolvedProfile profile, String hardened) {
      this(name, inputs, profile, hardened, null);
    }
  }

  /** A node of a plan: its name and how to read its inputs. */
  public record Node(String name, Supplier<NodeInputs> inputs) {
    /** Inputs already known. */
    public static Node of(NodeInputs in) {
      return new Node(in.name(), () -> in);
    }

    /** A node directory, read when the node is diffed. */
    public static Node dir(Path dir) {
      String name = dir.getFileName().toString();
      return new Node(name, () -> NodeLayout.of(name, dir));
    }
  }
}
