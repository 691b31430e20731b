package io.bdpaas.streaming;

import io.bdpaas.api.PrintableText;
import io.bdpaas.api.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an application is launched: its parallelism, the program's arguments, and its properties,
 * which the program receives after the arguments as {@code --name value} pairs (what Flink's {@code
 * ParameterTool.fromArgs} reads).
 */
public record LaunchSettings(
    int parallelism, List<String> arguments, Map<String, String> properties) {
  static final int MAX_ARGUMENTS = 100;
  static final int MAX_ARGUMENT = 2000;

  public LaunchSettings {
    arguments = List.copyOf(arguments);
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** The program's arguments: its own, then each property as {@code --name value}. */
  public List<String> programArguments() {
    List<String> all = new ArrayList<>(arguments);
    properties.forEach(
        (name, value) -> {
          all.add("--" + name);
          all.add(value);
        });
    return all;
  }

  /** Every problem of these settings, named by field. */
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    if (parallelism < 1 || parallelism > PackageDescriptor.MAX_PARALLELISM) {
      problems.add(
          Problem.of("parallelism", "must be from 1 to " + PackageDescriptor.MAX_PARALLELISM));
    }
    if (arguments.size() > MAX_ARGUMENTS) {
      problems.add(Problem.of("arguments", "must be at most " + MAX_ARGUMENTS));
    }
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (argument == null || argument.length() > MAX_ARGUMENT) {
        problems.add(
            Problem.of(
                "arguments[" + i + "]",
                "must be a string of at most " + MAX_ARGUMENT + " characters"));
      } else if (!argument.isEmpty() && !PrintableText.isPrintable(argument)) {
        problems.add(Problem.of("arguments[" + i + "]", PrintableText.RULE));
      }
    }
    problems.addAll(PackageDescriptor.propertyProblems("properties", properties));
    return problems;
  }
}
