package io.bdpaas.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Which page of a list to return: {@code ?page=0&size=50}. Pages count from 0; size is at most
 * {@value #MAX_SIZE}.
 */
public record PageRequest(int page, int size) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  public PageRequest {
    List<Problem> problems = new ArrayList<>();
    if (page < 0) {
      problems.add(Problem.of("page", "must be 0 or more, got " + page));
    }
    if (size < 1 || size > MAX_SIZE) {
      problems.add(Problem.of("size", "must be between 1 and " + MAX_SIZE + ", got " + size));
    }
    BdpaasException.throwIfAny(problems);
  }

  public static PageRequest first(int size) {
    return new PageRequest(0, size);
  }

  public long offset() {
    return (long) page * size;
  }
}
