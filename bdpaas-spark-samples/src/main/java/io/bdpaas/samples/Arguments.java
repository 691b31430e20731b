package io.bdpaas.samples;

import java.util.function.Supplier;

/** Reads a sample job's arguments: a bad one stops the job before Spark starts, with its usage. */
final class Arguments {
  /** The exit status of a job given bad arguments, as command-line tools use it. */
  static final int BAD_ARGUMENTS = 2;

  private Arguments() {}

  /**
   * What {@code read} makes of the arguments; when it refuses them, prints why and the usage to
   * stderr and exits with status {@value #BAD_ARGUMENTS}.
   */
  static <T> T orExit(Supplier<T> read, String usage) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: " + usage);
      System.exit(BAD_ARGUMENTS);
      throw e; // not reached
    }
  }

  /** Refuses more than {@code count} arguments. */
  static void atMost(String[] args, int count) {
    if (args.length > count) {
      throw new IllegalArgumentException(
          "at most " + count + " argument(s), not " + args.length + ": " + String.join(" ", args));
    }
  }

  /** The argument at {@code index}, which must be there. */
  static String required(String[] args, int index, String name) {
    if (args.length <= index || args[index].isBlank()) {
      throw new IllegalArgumentException("the " + name + " is missing");
    }
    return args[index].strip();
  }

  /** The whole number at {@code index} from {@code min} to {@code max}; {@code absent} if none. */
  static int wholeNumber(String[] args, int index, String name, int absent, int min, int max) {
    if (args.length <= index) {
      return absent;
    }
    String text = args[index].strip();
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw notInRange(name, min, max, text);
    }
    if (value < min || value > max) {
      throw notInRange(name, min, max, text);
    }
    return value;
  }

  private static IllegalArgumentException notInRange(String name, int min, int max, String text) {
    return new IllegalArgumentException(
        name + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
  }
}
