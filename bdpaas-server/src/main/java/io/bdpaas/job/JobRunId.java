package io.bdpaas.job;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** A run's identity: {@code r-} and 8 lower-case letters or digits. */
public record JobRunId(String value) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern FORM = Pattern.compile("r-[a-z0-9]{8}");

  public JobRunId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a run id: " + value);
    }
  }

  public static JobRunId random() {
    StringBuilder id = new StringBuilder("r-");
    for (int i = 0; i < 8; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return new JobRunId(id.toString());
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
