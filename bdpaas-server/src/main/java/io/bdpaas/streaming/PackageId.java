package io.bdpaas.streaming;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.ResourceIds;
import java.util.regex.Pattern;

/** An application package version's identity: {@code pk-} and 8 lower-case letters or digits. */
public record PackageId(String value) {
  private static final Pattern FORM = ResourceIds.form("pk");

  public PackageId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a package id: " + value);
    }
  }

  public static PackageId random() {
    return new PackageId(ResourceIds.random("pk"));
  }

  /** Whether {@code text} is a well-formed id (a malformed one can simply not exist). */
  public static boolean isValid(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /** The id in a path: a malformed one names nothing, so it is not found, as an unknown one is. */
  public static PackageId parse(String text) {
    if (!isValid(text)) {
      throw BdpaasException.notFound("Package", text);
    }
    return new PackageId(text);
  }

  @Override
  public String toString() {
    return value;
  }
}
