package io.lifecycleengine.system;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/** The API description at {@code /api/openapi} (Swagger UI at {@code /api/docs}). */
@Configuration
class OpenApiConfiguration {

    private static final String WRITE_KEY = "writeKey";
    private static final String ADMIN = "admin";

    @Bean
    OpenAPI lifecycleEngineApi() {
        return new OpenAPI()
                .info(new Info().title("Lifecycle Engine API").version("1")
                        .description("Ingest (Segment HTTP Tracking API under /v1, write key as HTTP Basic user) and "
                                + "the read API under /api (HTTP Basic with an admin user; analysts may GET). "
                                + "Every error answers JSON: {\"error\": code, \"message\": the problem}."))
                .components(new Components()
                        .addSecuritySchemes(WRITE_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("The write key as user name, empty password"))
                        .addSecuritySchemes(ADMIN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A Camunda user in group camunda-admin (or an analyst, for GET)")));
    }

    /**
     * Each operation's credentials and the error answers the filters and {@link ApiExceptionHandler} give it,
     * which no controller method declares.
     */
    @Bean
    OpenApiCustomizer credentialsAndErrors() {
        return openApi -> {
            ModelConverters.getInstance().read(ErrorBody.class).forEach(openApi.getComponents()::addSchemas);
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                boolean ingest = path.startsWith("/v1/");
                operation.setSecurity(List.of(new SecurityRequirement().addList(ingest ? WRITE_KEY : ADMIN)));
                describeErrors(path, method, operation, ingest);
            }));
        };
    }

    private static void describeErrors(String path, PathItem.HttpMethod method, Operation operation, boolean ingest) {
        ApiResponses responses = operation.getResponses();
        boolean takesInput = operation.getRequestBody() != null
                || operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (takesInput) {
            responses.addApiResponse("400", error("A parameter or the body is not what the operation takes"));
        }
        responses.addApiResponse("401", error(ingest ? "No valid write key" : "No admin or analyst login"));
        if (!ingest && method != PathItem.HttpMethod.GET) {
            responses.addApiResponse("403", error("An analyst's login (analysts may read, not change), or a change "
                    + "a browser marks as coming from another site"));
        }
        if (path.contains("{") && !ingest) {
            responses.addApiResponse("404", error("Nothing with that id or name"));
        }
        if (operation.getRequestBody() != null) {
            responses.addApiResponse("415", error(ingest ? "A Content-Encoding other than gzip"
                    : "A body that is not application/json, or compressed"));
        }
        ApiResponse unavailable = ingest
                ? error("The database is away or the node is stopping; nothing was stored. "
                        + "Retry after Retry-After seconds (messageIds make a retry safe)")
                : error("The database is away (the login is checked in it); retry after Retry-After seconds");
        responses.addApiResponse("503", unavailable.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header()
                .description("Seconds to wait before retrying").schema(new IntegerSchema())));
    }

    private static ApiResponse error(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(new Schema<ErrorBody>().$ref("#/components/schemas/ErrorBody"))));
    }
}
