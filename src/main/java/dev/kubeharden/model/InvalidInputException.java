package dev.kubeharden.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown when an input (profile, inventory, current configuration) has problems; the CLI exits with
 * 3.
 */
public final class InvalidInputException extends RuntimeException implements KubehardenFailure {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  /** The most problems printed; the count still covers them all. */
  public static final int MAX_SHOWN = 100;

  public InvalidInputException(List<Problem> problems) {
    super(problems.isEmpty() ? "invalid input" : problems.get(0).headline());
    this.problems = List.copyOf(problems);
  }

  public static InvalidInputException of(Position position, String message) {
    return new InvalidInputException(List.of(Problem.error(position, message)));
  }

  public List<Problem> problems() {
    return problems;
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }

  /** Every problem rendered with its source line, then the count of errors. */
  @Override
  public List<String> diagnostics(String untouched) {
    List<String> out = new ArrayList<>();
    int errors = 0;
    for (Problem p : problems) {
      if (out.size() < MAX_SHOWN) {
        out.add(p.render());
      }
      errors += p.isError() ? 1 : 0;
    }
    if (problems.size() > MAX_SHOWN) {
      out.add(
          "... and "
              + (problems.size() - MAX_SHOWN)
              + " more problems not shown (the first "
              + MAX_SHOWN
              + " are, in file order)");
    }
    out.add(
        errors
            + (errors == 1 ? " error" : " errors")
            + (untouched == null ? "" : "; " + untouched));
    return out;
  }
}
