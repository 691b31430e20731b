package io.bdpaas.cluster;

import java.security.SecureRandom;

/** A cluster's identity: {@code c-} and 8 lower-case letters or digits, safe in paths and names. */
public record ClusterId(String value) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  public ClusterId {
    if (value == null || !value.matches("c-[a-z0-9]{8}")) {
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
    return text != null && text.matches("c-[a-z0-9]{8}");
  }

  @Override
  public String toString() {
    return value;
  }
}
