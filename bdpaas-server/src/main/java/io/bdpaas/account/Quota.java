package io.bdpaas.account;

import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.List;

/** How much a user may use at once: cores and memory across their clusters, and projects. */
public record Quota(int cores, int memoryMb, int projects) {
  public Quota {
    List<Problem> problems = check("quota", cores, memoryMb, projects);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.toString());
    }
  }

  /** Problems with the given numbers, each named under {@code prefix}. */
  public static List<Problem> check(
      String prefix, Integer cores, Integer memoryMb, Integer projects) {
    List<Problem> problems = new ArrayList<>();
    checkOne(problems, prefix + ".cores", cores, 100_000);
    checkOne(problems, prefix + ".memoryMb", memoryMb, 100_000_000);
    checkOne(problems, prefix + ".projects", projects, 100_000);
    return problems;
  }

  private static void checkOne(List<Problem> problems, String field, Integer value, int max) {
    if (value == null) {
      problems.add(Problem.of(field, "is required"));
    } else if (value < 0 || value > max) {
      problems.add(Problem.of(field, "must be between 0 and " + max + ", got " + value));
    }
  }
}
