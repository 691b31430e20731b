package io.bdpaas.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}, browsable at {@code /api/docs}. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
  @Bean
  OpenAPI bdpaasOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("BDPaaS API")
                .version("v1")
                .description(
                    "Spark and Flink clusters, projects, jobs and streaming applications. Errors are"
                        + " application/problem+json with a stable 'code' and every problem in"
                        + " 'problems'. Lists take ?page=&size= and answer with items, page,"
                        + " size, totalItems and totalPages."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "token",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description(
                            "An API token from the Account page or POST /api/v1/auth/token")))
        .addSecurityItem(new SecurityRequirement().addList("token"));
  }
}
