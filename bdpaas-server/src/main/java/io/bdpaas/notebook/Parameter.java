package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named parameter of an SQL paragraph, written {@code :name} in its text, with the value used
 * when the person running the paragraph gives none. Values are bound by Spark as literals, never
 * pasted into the text.
 *
 * @param name the name after the colon: a letter or underscore, then letters, digits or underscores
 * @param defaultValue the value used when none is given; Spark casts it where the query needs
 *     another type ({@code age < :maxAge} with {@code "30"})
 */
public record Parameter(String name, Optional<String> defaultValue) {
  public static final int MAX_NAME_LENGTH = 64;
  public static final int MAX_DEFAULT_LENGTH = 4096;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Parameter {
    requireNonNull(name, "name is null");
    requireNonNull(defaultValue, "defaultValue is null");
    nameProblem(name)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("parameter name " + problem + ": " + name);
            });
    if (defaultValue.isPresent() && defaultValue.get().length() > MAX_DEFAULT_LENGTH) {
      throw new IllegalArgumentException(
          "default of parameter " + name + " is longer than " + MAX_DEFAULT_LENGTH);
    }
  }

  public static Parameter of(String name, String defaultValue) {
    return new Parameter(name, Optional.ofNullable(defaultValue));
  }

  public static Parameter withoutDefault(String name) {
    return new Parameter(name, Optional.empty());
  }

  /** What is wrong with a parameter name, if anything, for a problem message. */
  public static Optional<String> nameProblem(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.of("must start with a letter or '_' and hold only letters, digits and '_'");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return Optional.of("must be at most " + MAX_NAME_LENGTH + " characters");
    }
    return Optional.empty();
  }
}
