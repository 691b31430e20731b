package io.bdpaas.settings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/** Exposes the bound settings as a bean. */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {
  @Bean
  BdpaasSettings bdpaasSettings(ConfigurableEnvironment environment) {
    return SettingsEnvironmentPostProcessor.bind(environment);
  }
}
