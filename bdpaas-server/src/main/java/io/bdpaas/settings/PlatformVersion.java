package io.bdpaas.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build of the platform, as Maven wrote it. */
public final class PlatformVersion {
  private static final String RESOURCE = "/io/bdpaas/version.properties";

  private PlatformVersion() {}

  /** Such as {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    try (InputStream in = PlatformVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The control plane's image as the build names it, which also runs the file services. */
  public static String image() {
    return "bdpaas/bdpaas-server:" + current();
  }
}
