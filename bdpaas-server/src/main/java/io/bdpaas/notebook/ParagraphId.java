package io.bdpaas.notebook;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The id of a paragraph inside its notebook: {@code para-} and eight lower-case base-36 characters.
 * Ids are random rather than positional so that a paragraph keeps its id, and the results and
 * comments attached to it, when paragraphs around it are added, removed or moved.
 */
public record ParagraphId(String value) {
  private static final Pattern FORMAT = Pattern.compile("para-[0-9a-z]{8}");
  private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  public ParagraphId {
    requireNonNull(value, "value is null");
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException("paragraph id must look like para-0a1b2c3d: " + value);
    }
  }

  /** A new id; 36^8 (2.8 * 10^12) values make a clash within one notebook vanishingly rare. */
  public static ParagraphId random() {
    StringBuilder id = new StringBuilder("para-");
    for (int i = 0; i < 8; i++) {
      id.append(DIGITS.charAt(RANDOM.nextInt(DIGITS.length())));
    }
    return new ParagraphId(id.toString());
  }

  public static boolean isWellFormed(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
