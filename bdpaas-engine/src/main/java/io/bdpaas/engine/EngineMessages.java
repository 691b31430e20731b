package io.bdpaas.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what an engine says about a failure, often a whole Java stack trace, into what a user
 * reads: the first line and the {@code Caused by:} lines, without stack frames or repeated
 * wrappers.
 */
public final class EngineMessages {
  /** The most characters a readable message keeps. */
  public static final int MAX_LENGTH = 2000;

  /** A stack frame, an elided-frames line, or anything indented by a tab (a suppressed block). */
  private static final Pattern FRAME =
      Pattern.compile("\\s*at \\S.*|\\s*\\.\\.\\. \\d+ (more|common frames omitted)|\t.*");

  /** The {@code Caused by: } and class-name prefixes in front of an exception's own message. */
  private static final Pattern PREFIX =
      Pattern.compile("^(Caused by: )?((?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:\\$[\\w$]+)*: )+");

  /** Flink's wrapper around an unexpected server-side exception. */
  private static final Set<String> WRAPPERS =
      Set.of("<Exception on server side:", "End of exception on server side>");

  private EngineMessages() {}

  /**
   * The message lines of {@code text} (a message or a stack trace) without stack frames, each
   * message kept once (engines wrap the same cause several times), at most {@value #MAX_LENGTH}
   * characters.
   */
  public static String readable(String text) {
    List<String> kept = new ArrayList<>();
    Set<String> messages = new HashSet<>();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || FRAME.matcher(line).matches() || WRAPPERS.contains(trimmed)) {
        continue;
      }
      String message = PREFIX.matcher(trimmed).replaceFirst("");
      if (messages.add(message.isEmpty() ? trimmed : message)) {
        kept.add(line.stripTrailing());
      }
    }
    String result = String.join("\n", kept);
    return result.length() > MAX_LENGTH ? result.substring(0, MAX_LENGTH - 1) + "…" : result;
  }
}
