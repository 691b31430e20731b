package io.bdpaas.settings;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes such as {@code 512KB}, {@code 1MB} or {@code 2GB} (binary units) into bytes. */
final class DataSize {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?");

  private DataSize() {}

  static long parse(String text, long min, long max) {
    Matcher matcher = SIZE.matcher(text.toUpperCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("must be a size such as 512KB, 10MB or 1GB");
    }
    long bytes = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "B" : matcher.group(2);
    bytes *=
        switch (unit) {
          case "KB" -> 1024L;
          case "MB" -> 1024L * 1024;
          case "GB" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    if (bytes < min || bytes > max) {
      throw new IllegalArgumentException("must be between " + format(min) + " and " + format(max));
    }
    return bytes;
  }

  static String format(long bytes) {
    if (bytes % (1024L * 1024 * 1024) == 0) {
      return bytes / (1024L * 1024 * 1024) + "GB";
    }
    if (bytes % (1024L * 1024) == 0) {
      return bytes / (1024L * 1024) + "MB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + "KB";
    }
    return bytes + "B";
  }
}
