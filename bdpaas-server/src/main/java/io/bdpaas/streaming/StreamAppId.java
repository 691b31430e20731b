package io.bdpaas.streaming;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ResourceIds;
import java.util.regex.Pattern;

/** A launched streaming application's identity: {@code sa-} and 8 lower-case letters or digits. */
public record StreamAppId(String value) {
  private static final Pattern FORM = ResourceIds.form("sa");

  public StreamAppId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a streaming application id: " + value);
    }
  }

  public static StreamAppId random() {
    return new StreamAppId(ResourceIds.random("sa"));
  }

  /** Whether {@code text} is a well-formed id (a malformed one can simply not exist). */
  public static boolean isValid(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /** The id in a path: a malformed one names nothing, so it is not found, as an unknown one is. */
  public static StreamAppId parse(String text) {
    if (!isValid(text)) {
      throw BdpaasException.notFound("Application", text);
    }
    return new StreamAppId(text);
  }

  @Override
  public String toString() {
    return value;
  }
}
