package io.bdpaas.api;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a request.
 *
 * @param field where the problem is, as a path into the request ({@code quota.cores}), or {@code
 *     ""} for the request as a whole
 * @param message what is wrong, for people
 */
public record Problem(String field, String message) {
  public Problem {
    requireNonNull(field, "field is null");
    requireNonNull(message, "message is null");
  }

  public static Problem of(String field, String message) {
    return new Problem(field, message);
  }
}
