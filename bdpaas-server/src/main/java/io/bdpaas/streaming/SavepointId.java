package io.bdpaas.streaming;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ResourceIds;
import java.util.regex.Pattern;

/** A kept savepoint's identity: {@code sp-} and 8 lower-case letters or digits. */
public record SavepointId(String value) {
  private static final Pattern FORM = ResourceIds.form("sp");

  public SavepointId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a savepoint id: " + value);
    }
  }

  public static SavepointId random() {
    return new SavepointId(ResourceIds.random("sp"));
  }

  /** Whether {@code text} is a well-formed id (a malformed one can simply not exist). */
  public static boolean isValid(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /** The id in a path: a malformed one names nothing, so it is not found, as an unknown one is. */
  public static SavepointId parse(String text) {
    if (!isValid(text)) {
      throw BdpaasException.notFound("Savepoint", text);
    }
    return new SavepointId(text);
  }

  @Override
  public String toString() {
    return value;
  }
}
