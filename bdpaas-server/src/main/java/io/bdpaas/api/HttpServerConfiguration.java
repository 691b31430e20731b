package io.bdpaas.api;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP server's own part of the limits on slow and large requests (timeouts and connection
 * counts are derived from the settings catalog; see {@link SlowBodyGuard}).
 */
@Configuration(proxyBeanMethods = false)
public class HttpServerConfiguration {
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> closeRefusedBodiesWithoutDraining() {
    return factory -> factory.addContextValves(new CloseWithoutDrainingValve());
  }
}
