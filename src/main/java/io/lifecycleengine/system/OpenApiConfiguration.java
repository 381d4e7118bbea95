package io.lifecycleengine.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API description at {@code /api/openapi} (Swagger UI at {@code /api/docs}). */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI lifecycleEngineApi() {
        return new OpenAPI()
                .info(new Info().title("Lifecycle Engine API").version("1")
                        .description("Ingest (Segment HTTP Tracking API under /v1, write key as HTTP Basic user) and "
                                + "the read API under /api (HTTP Basic with an admin user)."))
                .components(new Components()
                        .addSecuritySchemes("writeKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("The write key as user name, empty password"))
                        .addSecuritySchemes("admin", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A Camunda user in group camunda-admin")));
    }
}
