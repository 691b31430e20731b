package io.bdpaas.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The one exception type for failures a user should see: it carries a stable {@link ErrorCode} and,
 * for validation failures, every problem found. It is turned into problem+json in one place.
 */
public class BdpaasException extends RuntimeException {
  private final ErrorCode code;
  private final List<Problem> problems;

  public BdpaasException(ErrorCode code, String message) {
    this(code, message, List.of());
  }

  public BdpaasException(ErrorCode code, String message, List<Problem> problems) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
    this.problems = List.copyOf(problems);
  }

  public ErrorCode code() {
    return code;
  }

  public List<Problem> problems() {
    return problems;
  }

  public static BdpaasException notFound(String kind, Object id) {
    return new BdpaasException(ErrorCode.NOT_FOUND, kind + " " + id + " does not exist");
  }

  public static BdpaasException invalid(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one problem");
    }
    String message =
        problems.size() == 1
            ? describe(problems.get(0))
            : problems.size() + " problems: " + describe(problems.get(0)) + "; ...";
    return new BdpaasException(ErrorCode.VALIDATION_FAILED, message, problems);
  }

  public static BdpaasException invalid(String field, String message) {
    return invalid(List.of(Problem.of(field, message)));
  }

  /** Throws a validation failure listing {@code problems} unless there are none. */
  public static void throwIfAny(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
  }

  private static String describe(Problem problem) {
    return problem.field().isEmpty()
        ? problem.message()
        : problem.field() + ": " + problem.message();
  }

  /**
   * The platform's own failure behind a framework's wrapping, e.g. a path-variable converter that
   * refused a malformed id as not found.
   */
  public static Optional<BdpaasException> causeOf(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BdpaasException platform) {
        return Optional.of(platform);
      }
    }
    return Optional.empty();
  }
}
