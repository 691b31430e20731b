package io.bdpaas.catalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the pure template machinery. */
@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {
  @Bean
  TemplateRenderer templateRenderer() {
    return new TemplateRenderer();
  }

  @Bean
  ClusterPlanner clusterPlanner(TemplateRenderer renderer) {
    return new ClusterPlanner(renderer);
  }
}
