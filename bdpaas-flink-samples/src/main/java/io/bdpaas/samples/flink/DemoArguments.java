package io.bdpaas.samples.flink;

import static java.util.Objects.requireNonNull;

import org.apache.flink.util.ParameterTool;

/**
 * An application's properties, which the platform passes as {@code --key value} arguments, read
 * with their defaults and checked: a bad value fails the submission with a message naming it.
 */
final class DemoArguments {
  private final ParameterTool parameters;

  private DemoArguments(ParameterTool parameters) {
    this.parameters = requireNonNull(parameters, "parameters is null");
  }

  static DemoArguments of(String[] args) {
    return new DemoArguments(ParameterTool.fromArgs(args));
  }

  /** A number of at least 0, which may have a fraction (a rate). */
  double nonNegativeNumber(String key, double defaultValue) {
    String text = parameters.get(key);
    if (text == null) {
      return defaultValue;
    }
    double value;
    try {
      value = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw invalid(key, text, "a number");
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw invalid(key, text, "a number of at least 0");
    }
    return value;
  }

  /** A whole number from {@code minimum} to {@code maximum}. */
  long wholeNumber(String key, long defaultValue, long minimum, long maximum) {
    String text = parameters.get(key);
    if (text == null) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw invalid(key, text, "a whole number");
    }
    if (value < minimum || value > maximum) {
      throw invalid(key, text, "a whole number from " + minimum + " to " + maximum);
    }
    return value;
  }

  private static IllegalArgumentException invalid(String key, String text, String expected) {
    return new IllegalArgumentException(
        "Property '%s' must be %s, not '%s'".formatted(key, expected, text));
  }
}
