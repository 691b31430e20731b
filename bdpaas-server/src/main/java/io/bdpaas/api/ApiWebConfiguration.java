package io.bdpaas.api;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver;
import tools.jackson.databind.ObjectMapper;

/**
 * Registers the strict request-record reader ahead of the default JSON converter, and keeps
 * clients' mistakes out of the warnings.
 */
@Configuration(proxyBeanMethods = false)
public class ApiWebConfiguration implements WebMvcConfigurer {
  private final ObjectMapper objectMapper;

  public ApiWebConfiguration(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  /**
   * First of all filters (with Spring's character-encoding filter, which does nothing after the
   * chain): the end of its pass is the end of every filter's, after which an {@link AwaitedAnswer}
   * may be written.
   */
  @Bean
  FilterRegistrationBean<AwaitedAnswerFilter> awaitedAnswerFilter() {
    FilterRegistrationBean<AwaitedAnswerFilter> registration =
        new FilterRegistrationBean<>(new AwaitedAnswerFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    return registration;
  }

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    converters.add(0, new RecordBodyConverter(objectMapper));
  }

  /**
   * Spring answers a request no handler accepts (406 for an Accept it cannot produce, 415 for a
   * Content-Type it cannot read) with a WARN line per request: a client's mistake, not the
   * server's, and a way to flood the log. Without a warn category the resolver logs it at DEBUG
   * instead.
   */
  @Override
  public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
    for (HandlerExceptionResolver resolver : resolvers) {
      if (resolver instanceof DefaultHandlerExceptionResolver defaults) {
        defaults.setWarnLogCategory(null);
      }
    }
  }
}
