package io.bdpaas.api;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The shape of the platform's resource ids: a short prefix naming the kind of resource, {@code -},
 * and 8 random lower-case letters or digits (e.g. {@code sa-0k3x9q2m}).
 */
public final class ResourceIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private ResourceIds() {}

  /** A new random id with this prefix. */
  public static String random(String prefix) {
    StringBuilder id = new StringBuilder(prefix).append('-');
    for (int i = 0; i < 8; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /** What ids with this prefix look like. */
  public static Pattern form(String prefix) {
    return Pattern.compile(Pattern.quote(prefix) + "-[a-z0-9]{8}");
  }
}
