package io.bdpaas.project;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** A project's identity: {@code p-} and 8 lower-case letters or digits; also its storage's name. */
public record ProjectId(String value) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern FORM = Pattern.compile("p-[a-z0-9]{8}");

  public ProjectId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a project id: " + value);
    }
  }

  public static ProjectId random() {
    StringBuilder id = new StringBuilder("p-");
    for (int i = 0; i < 8; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return new ProjectId(id.toString());
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
