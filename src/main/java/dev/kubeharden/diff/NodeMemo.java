package dev.kubeharden.diff;

import dev.kubeharden.inspect.NodeSignature;
import dev.kubeharden.model.ControlStatus;
import dev.kubeharden.model.Finding;
import dev.kubeharden.model.NodeDiff;
import dev.kubeharden.model.Position;
import dev.kubeharden.model.ResolvedProfile;
import dev.kubeharden.model.SuppressedFinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The diffs of one run's node directories by what was read from them ({@link NodeSignature}): the
 * nodes of a pool are copies, and a node whose directory reads like one diffed before, against the
 * same profile, gets that node's diff with the directory's path replaced, instead of being
 * inspected and compared again.
 *
 * <p>The first node of a kind (a signature) is only remembered, so a fleet of distinct nodes makes
 * no templates; the second's diff becomes the template, and only when the directory's path is found
 * in its text fields alone and always as the start of a path ("DIR/..."): a diff that names its
 * directory any other way (a value, a note on the directory itself) makes none. A template is
 * trusted only once it has been checked: the third node of the kind is inspected as well, and the
 * template filled in for it must equal that diff; otherwise every such node is inspected. At most
 * {@link #MAX_KINDS} kinds, holding at most {@link #MAX_HELD} characters of text, are remembered.
 */
final class NodeMemo {
  /** Stands for the node directory in a template; no input holds it (a NUL character). */
  private static final String HOLE = "\0node-directory\0";

  private enum State {
    /** One node read so: no template yet (the next such node makes one). */
    SEEN,
    /** Made from one node: the next node with its signature checks it. */
    UNCHECKED,
    /** Checked: nodes with its signature take it. */
    TRUSTED,
    /** No template (none could be made, or one failed its check): every such node is inspected. */
    OFF
  }

  /** The diff of an {@link State#OFF} template, which is never filled in. */
  private static final NodeDiff EMPTY =
      new NodeDiff(
          "", List.of(), List.of(), List.of(), List.of(), null, List.of(), Map.of(), List.of(),
          false);

  private static final class Template {
    final NodeDiff diff;
    final AtomicReference<State> state;

    /**
     * Where the hole is: the indices, in each list of {@link #diff}, of the elements holding it.
     */
    private final int[] inputs;

    private final int[] findings;
    private final int[] controls;
    private final int[] notes;
    private final int[] startFailures;
    private final int[] suppressed;

    Template(NodeDiff diff, State state) {
      this.diff = diff;
      this.state = new AtomicReference<>(state);
      // The elements a replacement of the hole changes (the others are shared by every fill).
      UnaryOperator<String> mark = s -> s == null ? null : s.replace(HOLE, "");
      NodeDiff d = diff == null ? EMPTY : diff;
      inputs = changed(d.inputs(), mark);
      findings = changed(d.findings(), f -> finding(f, mark));
      controls = changed(d.controls(), c -> control(c, mark));
      notes = changed(d.notes(), mark);
      startFailures = changed(d.startFailures(), mark);
      suppressed = changed(d.suppressed(), f -> suppressed(f, mark));
    }

    /** The template filled in for the node {@code name} in {@code dir}: only the holes are. */
    NodeDiff fill(String name, Path dir) {
      String to = dir + "/";
      UnaryOperator<String> r = s -> s.replace(HOLE + "/", to);
      return new NodeDiff(
          name,
          at(diff.inputs(), inputs, r),
          at(diff.findings(), findings, f -> finding(f, r)),
          at(diff.controls(), controls, c -> control(c, r)),
          at(diff.notes(), notes, r),
          diff.patch(),
          at(diff.startFailures(), startFailures, r),
          diff.auditor(),
          at(diff.suppressed(), suppressed, f -> suppressed(f, r)),
          diff.cluster());
    }
  }

  /** The indices of the elements of {@code l} that {@code f} changes. */
  @SuppressWarnings("ReferenceEquality") // unchanged means the same instance
  private static <T> int[] changed(List<T> l, UnaryOperator<T> f) {
    return java.util.stream.IntStream.range(0, l.size())
        .filter(i -> f.apply(l.get(i)) != l.get(i))
        .toArray();
  }

  /** {@code l} with {@code f} applied to the elements at {@code indices}. */
  private static <T> List<T> at(List<T> l, int[] indices, UnaryOperator<T> f) {
    if (indices.length == 0) {
      return l;
    }
    List<T> out = new java.util.ArrayList<>(l);
    for (int i : indices) {
      out.set(i, f.apply(out.get(i)));
    }
    return java.util.Collections.unmodifiableList(out);
  }

  /** What a template is shared by: the profile (by identity), --patch's config and the reads. */
  private record Key(Identity profile, String hardened, NodeSignature signature) {}

  /** A profile compared by identity, not by its value (each job holds its plan's instance). */
  private static final class Identity {
    final ResolvedProfile profile;

    Identity(ResolvedProfile profile) {
      this.profile = profile;
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // by identity: that is the point
    public boolean equals(Object o) {
      return o instanceof Identity i && i.profile == profile;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(profile);
    }
  }

  /** The most kinds of node directory remembered in one run. */
  private static final int MAX_KINDS = 1024;

  /** The most characters of texts the remembered kinds hold (some 32 MiB). */
  private static final long MAX_HELD = 16L * 1024 * 1024;

  private final Map<Key, Template> templates = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong held =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong filled =
      new java.util.concurrent.atomic.AtomicLong();

  /** How many diffs were templates filled in, rather than inspected. */
  long filled() {
    return filled.get();
  }

  /** A node's full inspection and comparison. */
  interface Inspection {
    NodeDiff run();
  }

  /**
   * The diff of the node {@code name} read as {@code signature}, against {@code profile}: a trusted
   * template filled in, or {@code inspection}'s result (which also makes or checks the template).
   */
  NodeDiff diff(
      String name,
      ResolvedProfile profile,
      String hardened,
      NodeSignature signature,
      Inspection inspection) {
    Key key = new Key(new Identity(profile), hardened, signature);
    Template t = templates.get(key);
    if (t != null && t.state.get() == State.TRUSTED) {
      filled.incrementAndGet();
      return t.fill(name, signature.dir());
    }
    NodeDiff fresh = inspection.run();
    if (t == null) {
      // The first node of its kind is only remembered: a fleet of distinct nodes makes no
      // templates. Bounded: the keys hold the texts read.
      long weight = signature.weight();
      if (templates.size() < MAX_KINDS && held.addAndGet(weight) <= MAX_HELD) {
        if (templates.putIfAbsent(key, new Template(null, State.SEEN)) != null) {
          held.addAndGet(-weight);
        }
      } else {
        held.addAndGet(-weight);
      }
    } else if (t.state.get() == State.SEEN) {
      NodeDiff template = template(fresh, signature.dir());
      templates.replace(
          key,
          t,
          template == null
              ? new Template(null, State.OFF)
              : new Template(template, State.UNCHECKED));
    } else if (t.state.get() == State.UNCHECKED) {
      if (t.fill(name, signature.dir()).equals(fresh)) {
        t.state.compareAndSet(State.UNCHECKED, State.TRUSTED);
      } else {
        t.state.set(State.OFF);
      }
    }
    return fresh;
  }

  /** {@code d} with its directory replaced by {@link #HOLE}, or null when it cannot be. */
  static NodeDiff template(NodeDiff d, Path dir) {
    String named = dir.toString();
    if (named.isEmpty() || d.toString().contains(HOLE)) {
      return null;
    }
    NodeDiff t = rebase(d, named + "/", HOLE + "/");
    return t.toString().contains(named) ? null : t;
  }

  /**
   * {@code d} with {@code from} replaced by {@code to} in every text field; the parts without
   * {@code from} are shared, not copied.
   */
  @SuppressWarnings("ReferenceEquality") // unchanged means the same instance
  static NodeDiff rebase(NodeDiff d, String from, String to) {
    UnaryOperator<String> r = s -> s == null ? null : s.replace(from, to);
    return new NodeDiff(
        d.node(),
        strings(d.inputs(), r),
        each(d.findings(), f -> finding(f, r)),
        each(d.controls(), c -> control(c, r)),
        strings(d.notes(), r),
        d.patch(),
        strings(d.startFailures(), r),
        d.auditor(),
        each(
            d.suppressed(),
            s -> {
              Finding f = finding(s.finding(), r);
              return f == s.finding() ? s : new SuppressedFinding(s.controlId(), f, s.exception());
            }),
        d.cluster());
  }

  @SuppressWarnings("ReferenceEquality") // unchanged means the same instance
  private static SuppressedFinding suppressed(SuppressedFinding s, UnaryOperator<String> r) {
    Finding f = finding(s.finding(), r);
    return f == s.finding() ? s : new SuppressedFinding(s.controlId(), f, s.exception());
  }

  private static List<String> strings(List<String> l, UnaryOperator<String> r) {
    return each(l, r);
  }

  /** {@code l} with {@code f} applied to each element: {@code l} itself when none changes. */
  @SuppressWarnings("ReferenceEquality") // unchanged means the same instance
  private static <T> List<T> each(List<T> l, UnaryOperator<T> f) {
    if (l == null) {
      return null;
    }
    List<T> out = null;
    for (int i = 0; i < l.size(); i++) {
      T e = l.get(i);
      T g = f.apply(e);
      if (g != e && out == null) {
        out = new java.util.ArrayList<>(l.subList(0, i));
      }
      if (out != null) {
        out.add(g);
      }
    }
    return out == null ? l : java.util.Collections.unmodifiableList(out);
  }

  @SuppressWarnings("ReferenceEquality") // unchanged means the same instance
  private static Finding finding(Finding f, UnaryOperator<String> r) {
    Position p = f.position();
    String source = p == null ? null : r.apply(p.source());
    List<String> requirements = strings(f.requirements(), r);
    String action = r.apply(f.action());
    if ((p == null || source.equals(p.source()))
        && requirements == f.requirements()
        && java.util.Objects.equals(action, f.action())) {
      return f;
    }
    return new Finding(
        f.controls(),
        f.field(),
        f.current(),
        f.source(),
        p == null ? null : new Position(source, p.line(), p.column()),
        f.hardened(),
        requirements,
        f.severity(),
        f.fixedBy(),
        action);
  }

  @SuppressWarnings("ReferenceEquality") // unchanged means the same instance
  private static ControlStatus control(ControlStatus c, UnaryOperator<String> r) {
    List<String> checks = strings(c.checks(), r);
    String reason = r.apply(c.reason());
    if (checks == c.checks() && java.util.Objects.equals(reason, c.reason())) {
      return c;
    }
    return new ControlStatus(c.id(), c.title(), c.severity(), c.status(), checks, reason);
  }
}
