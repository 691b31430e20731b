package io.bdpaas;

import io.bdpaas.settings.BdpaasSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the embedded Tomcat's working files in the data directory, like everything else the
 * platform writes. By default Tomcat makes two new folders in the system's temporary directory on
 * every start and removes them only on a clean exit, so each {@code kill -9} left two behind. Here
 * they live in {@code <data-dir>/tomcat}, which is emptied at start: nothing in it outlives a run.
 */
@Configuration(proxyBeanMethods = false)
public class WebServerConfiguration {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatInDataDirectory(
      BdpaasSettings settings) {
    return factory -> {
      Path base = settings.dataDir().resolve("tomcat");
      Path documentRoot = base.resolve("docbase");
      deleteRecursively(base);
      try {
        Files.createDirectories(documentRoot);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create Tomcat's folder " + documentRoot, e);
      }
      factory.setBaseDirectory(base.toFile());
      factory.setDocumentRoot(documentRoot.toFile());
    };
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear Tomcat's folder " + directory, e);
    }
  }
}
