package io.bdpaas.catalog;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A product version's identity: {@code spark 4.2.0}. */
public record ProductKey(String name, String version) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,31}");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}");

  public ProductKey {
    List<Problem> problems = check(name, version);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.toString());
    }
  }

  /** A key from user input, or a validation failure naming what is wrong. */
  public static ProductKey of(String name, String version) {
    BdpaasException.throwIfAny(check(name, version));
    return new ProductKey(name, version);
  }

  static List<Problem> check(String name, String version) {
    List<Problem> problems = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      problems.add(Problem.of("name", "is required"));
    } else if (!NAME.matcher(name).matches()) {
      problems.add(
          Problem.of(
              "name", "must be 2 to 32 lower-case letters, digits or '-', starting with a letter"));
    }
    if (version == null || version.isEmpty()) {
      problems.add(Problem.of("version", "is required"));
    } else if (!VERSION.matcher(version).matches()) {
      problems.add(Problem.of("version", "must be 1 to 32 letters, digits, '.', '+', '_' or '-'"));
    }
    return problems;
  }

  @Override
  public String toString() {
    return name + " " + version;
  }
}
