package io.bdpaas.notebook;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** A notebook's identity: {@code n-} and 8 lower-case letters or digits. */
public record NotebookId(String value) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern FORM = Pattern.compile("n-[a-z0-9]{8}");

  public NotebookId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a notebook id: " + value);
    }
  }

  public static NotebookId random() {
    StringBuilder id = new StringBuilder("n-");
    for (int i = 0; i < 8; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return new NotebookId(id.toString());
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
