package io.bdpaas.streaming;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ResourceIds;
import java.util.regex.Pattern;

/** A saved launch configuration's identity: {@code lc-} and 8 lower-case letters or digits. */
public record LaunchConfigId(String value) {
  private static final Pattern FORM = ResourceIds.form("lc");

  public LaunchConfigId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a launch configuration id: " + value);
    }
  }

  public static LaunchConfigId random() {
    return new LaunchConfigId(ResourceIds.random("lc"));
  }

  /** Whether {@code text} is a well-formed id (a malformed one can simply not exist). */
  public static boolean isValid(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /** The id in a path: a malformed one names nothing, so it is not found, as an unknown one is. */
  public static LaunchConfigId parse(String text) {
    if (!isValid(text)) {
      throw BdpaasException.notFound("Launch configuration", text);
    }
    return new LaunchConfigId(text);
  }

  @Override
  public String toString() {
    return value;
  }
}
