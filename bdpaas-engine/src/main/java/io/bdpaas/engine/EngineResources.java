package io.bdpaas.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads text files shipped with this module (engine log configurations). */
public final class EngineResources {
  private EngineResources() {}

  /**
   * The content of a class path resource next to {@code anchor}, e.g. {@code log4j2.properties}.
   */
  public static String text(Class<?> anchor, String name) {
    try (InputStream input = anchor.getResourceAsStream(name)) {
      if (input == null) {
        throw new IllegalStateException(
            "missing resource " + name + " next to " + anchor.getName());
      }
      return new String(input.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }
}
