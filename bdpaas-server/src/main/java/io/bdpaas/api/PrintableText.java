package io.bdpaas.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule for names people choose and other people read (token names, labels): no control
 * characters, which forge lines in logs and terminals, and no Unicode bidirectional overrides or
 * isolates (U+202A–U+202E, U+2066–U+2069), which make a name display as something it is not.
 */
public final class PrintableText {
  public static final String RULE =
      "must not contain control characters or Unicode bidirectional overrides";

  private PrintableText() {}

  /** Problems with {@code value} under {@code field}; empty when it is printable or null. */
  public static List<Problem> check(String field, String value) {
    List<Problem> problems = new ArrayList<>();
    if (value != null && !isPrintable(value)) {
      problems.add(Problem.of(field, RULE));
    }
    return problems;
  }

  public static boolean isPrintable(String value) {
    return value.codePoints().noneMatch(PrintableText::isForbidden);
  }

  private static boolean isForbidden(int codePoint) {
    return Character.isISOControl(codePoint)
        || (codePoint >= 0x202A && codePoint <= 0x202E)
        || (codePoint >= 0x2066 && codePoint <= 0x2069);
  }
}
