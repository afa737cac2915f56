package dev.kubeharden.model;

import java.util.List;

/**
 * Thrown when an input (profile, inventory, current configuration) has problems; the CLI exits with
 * 3.
 */
public final class InvalidInputException extends RuntimeException {
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
}
