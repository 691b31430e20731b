package io.bdpaas.cluster;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** A cluster's identity: {@code c-} and 8 lower-case letters or digits, safe in paths and names. */
public record ClusterId(String value) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern FORM = Pattern.compile("c-[a-z0-9]{8}");

  public ClusterId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a cluster id: " + value);
    }
  }

  public static ClusterId random() {
    StringBuilder id = new StringBuilder("c-");
    for (int i = 0; i < 8; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return new ClusterId(id.toString());
  }

  /** Whether {@code text} is a well-formed id (a malformed one can simply not exist). */
  public static boolean isValid(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
