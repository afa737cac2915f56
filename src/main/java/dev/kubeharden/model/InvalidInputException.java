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
      out.add(p.render());
      errors += p.isError() ? 1 : 0;
    }
    out.add(
        errors
            + (errors == 1 ? " error" : " errors")
            + (untouched == null ? "" : "; " + untouched));
    return out;
  }
}
