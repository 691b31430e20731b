package io.bdpaas.catalog;

import io.bdpaas.backend.ClusterBackend;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the pure template machinery. */
@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {
  @Bean
  TemplateRenderer templateRenderer() {
    return new TemplateRenderer();
  }

  /** Templates are planned and validated for the part the active backend runs. */
  @Bean
  ClusterPlanner clusterPlanner(TemplateRenderer renderer, ClusterBackend backend) {
    return new ClusterPlanner(renderer, backend.requiredPart());
  }
}
