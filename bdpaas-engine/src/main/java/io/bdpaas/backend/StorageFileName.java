package io.bdpaas.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The name of a file in a storage area's files folder: one path segment that can never reach
 * another folder, a hidden file or a Spark path pattern. 1 to {@value #MAX_LENGTH} letters, digits,
 * '.', '_' or '-', starting with a letter or a digit, with no "..", ending in one of the extensions
 * of a {@link Kind}.
 */
public record StorageFileName(String value) {
  public static final int MAX_LENGTH = 128;
  private static final String EXTENSIONS = extensions();

  /** What a file holds, told by its extension; its content is checked for it on upload. */
  public enum Kind {
    CSV("csv"),
    JSON("json"),
    PARQUET("parquet"),
    TEXT("txt"),
    /** Java classes for Spark to run, for example a job's; checked to be a real, safe jar. */
    JAR("jar");

    private final String extension;

    Kind(String extension) {
      this.extension = extension;
    }

    public String extension() {
      return extension;
    }
  }

  public StorageFileName {
    List<String> problems = problems(value);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "not a file name: '" + printable(value) + "' " + String.join("; ", problems));
    }
  }

  /** Every reason why {@code value} is not a file name; empty when it is one. */
  public static List<String> problems(String value) {
    List<String> problems = new ArrayList<>();
    if (value == null || value.isEmpty()) {
      problems.add("is empty");
      return problems;
    }
    if (value.length() > MAX_LENGTH) {
      problems.add("is longer than " + MAX_LENGTH + " characters");
    }
    Set<String> refused = new TreeSet<>();
    value.codePoints().filter(c -> !allowed(c)).limit(1000).forEach(c -> refused.add(describe(c)));
    if (!refused.isEmpty()) {
      problems.add(
          "may hold only letters, digits, '.', '_' and '-', not " + String.join(", ", refused));
    }
    if (!Character.isLetterOrDigit(value.charAt(0)) || !allowed(value.charAt(0))) {
      problems.add("must start with a letter or a digit");
    }
    if (value.contains("..")) {
      problems.add("must not contain '..'");
    }
    if (kindOf(value) == null) {
      problems.add("must end in " + EXTENSIONS);
    }
    return problems;
  }

  /** What the file holds, by its extension. */
  public Kind kind() {
    return kindOf(value);
  }

  @Override
  public String toString() {
    return value;
  }

  private static Kind kindOf(String value) {
    int dot = value.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String extension = value.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (Kind kind : Kind.values()) {
      if (kind.extension.equals(extension)) {
        return kind;
      }
    }
    return null;
  }

  /** ".csv, .json, .parquet, .txt or .jar" */
  private static String extensions() {
    List<String> extensions = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      extensions.add("." + kind.extension);
    }
    int last = extensions.size() - 1;
    return String.join(", ", extensions.subList(0, last)) + " or " + extensions.get(last);
  }

  private static boolean allowed(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }

  private static String describe(int c) {
    return c > ' ' && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
  }

  /** The name as it can be shown in a message: control characters escaped, long ones cut. */
  public static String printable(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .limit(MAX_LENGTH + 1)
        .forEach(
            c -> {
              if (c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return value.codePointCount(0, value.length()) > MAX_LENGTH + 1 ? out + "…" : out.toString();
  }
}
