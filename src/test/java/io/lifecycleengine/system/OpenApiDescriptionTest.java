package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@code /api/openapi} says about each operation is what the server does: a client generated from it works. */
class OpenApiDescriptionTest extends IntegrationTest {

    private JsonNode description;

    @BeforeEach
    void read() {
        description = client.getJson("/api/openapi");
    }

    @Test
    void everyOperationNamesTheCredentialsTheServerAsksFor() {
        List<String> checked = new ArrayList<>();
        description.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String name = operation.getKey().toUpperCase() + " " + path.getKey();
            String scheme = path.getKey().startsWith("/v1/") ? "writeKey" : "admin";
            assertThat(operation.getValue().path("security").path(0).has(scheme)).as(name + " security").isTrue();
            assertThat(operation.getValue().path("responses").has("401")).as(name + " documents 401").isTrue();
            String method = operation.getKey().toUpperCase();
            byte[] body = method.equals("POST") ? "{\"batch\": []}".getBytes(StandardCharsets.UTF_8) : null;
            Answer anonymous = client.send(method, path.getKey().replaceAll("\\{[^}]+}", "1").replace("/v1/1", "/v1/track"),
                    body, "application/json", null);
            assertThat(anonymous.status()).as(name + " without credentials").isEqualTo(401);
            checked.add(name);
        }));
        assertThat(checked).contains("GET /api/users/{userId}", "POST /v1/batch", "DELETE /api/write-keys/{id}");
    }

    @Test
    void errorAnswersAreDescribedAsTheJsonTheyAre() {
        JsonNode members = operation("/api/segments/{dimension}/{segment}/members", "get").path("responses");
        JsonNode issue = operation("/api/write-keys", "post").path("responses");
        JsonNode revoke = operation("/api/write-keys/{id}", "delete").path("responses");

        assertThat(members.has("400")).as("a bad page size").isTrue();
        assertThat(members.has("404")).as("an unknown dimension").isTrue();
        assertThat(revoke.has("404")).as("an unknown key").isTrue();
        assertThat(revoke.has("403")).as("an analyst may not revoke").isTrue();
        assertThat(issue.has("415")).as("a body that is not JSON").isTrue();
        assertThat(members.path("400").path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/ErrorBody");
        assertThat(description.path("components").path("schemas").path("ErrorBody").path("properties").has("message")).isTrue();
        Answer badSize = client.get("/api/segments/lifecycle/NEW/members?size=0");
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.body().path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void theMigrationRequestIsDescribedByItsFieldsAndNotByTheLogin() {
        JsonNode migrate = operation("/api/journeys/migrations", "post");

        // the admin's login is the operation's security, not a parameter a client has to fill in
        assertThat(migrate.path("parameters").findValuesAsText("name")).doesNotContain("Authorization");
        JsonNode schema = resolve(migrate.path("requestBody").path("content").path("application/json").path("schema"));
        assertThat(schema.path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("processKey", "dryRun", "mappings", "moveTo");
        assertThat(migrate.path("responses").has("409")).as("a batch of the same process still runs").isTrue();
        assertThat(migrate.path("responses").path("200").findValuesAsText("$ref"))
                .containsExactly("#/components/schemas/MigrationReport");
        Answer asDescribed = client.postAsAdmin("/api/journeys/migrations", Map.of("dryRun", true));
        assertThat(asDescribed.status()).isEqualTo(200);
        assertThat(asDescribed.body().path("dryRun").asBoolean()).isTrue();
    }

    @Test
    void theIngestCallsAreTheOnesTheServerTakes() {
        JsonNode call = operation("/v1/{call}", "post").path("parameters").path(0);

        assertThat(call.path("name").asText()).isEqualTo("call");
        List<String> calls = new ArrayList<>();
        call.path("schema").path("enum").forEach(value -> calls.add(value.asText()));
        assertThat(calls).containsExactlyInAnyOrder("identify", "track", "page", "screen", "alias", "group");
        assertThat(client.post("/v1/flush", Map.of("userId", "someone")).status()).as("a call not listed").isEqualTo(404);
    }

    @Test
    void parametersAreTypedAndBoundedAsTheServerReadsThem() {
        JsonNode retention = operation("/api/metrics/retention", "get").path("parameters");

        assertThat(parameter(retention, "from").path("schema").path("format").asText()).isEqualTo("date");
        assertThat(parameter(retention, "to").path("schema").path("format").asText()).isEqualTo("date");
        JsonNode weeks = parameter(retention, "weeks").path("schema");
        assertThat(weeks.path("type").asText()).isEqualTo("integer");
        assertThat(weeks.path("minimum").asInt()).isEqualTo(1);
        assertThat(weeks.path("maximum").asInt()).isEqualTo(104);
        assertThat(weeks.path("default").asInt()).isEqualTo(8);
        assertThat(client.get("/api/metrics/retention?weeks=105").status()).isEqualTo(400);
        assertThat(client.get("/api/metrics/retention?weeks=104").status()).isEqualTo(200);
        JsonNode size = parameter(operation("/api/segments/{dimension}/{segment}/members", "get").path("parameters"), "size");
        assertThat(size.path("schema").path("maximum").asInt()).isEqualTo(500);
        assertThat(client.get("/api/segments/lifecycle/NEW/members?size=501").status()).isEqualTo(400);
    }

    @Test
    void everyOperationDescribesThe503ItAnswersWhileTheDatabaseIsAway() {
        List<String> checked = new ArrayList<>();
        description.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String name = operation.getKey().toUpperCase() + " " + path.getKey();
            JsonNode unavailable = operation.getValue().path("responses").path("503");
            assertThat(unavailable.path("content").path("application/json").path("schema").path("$ref").asText())
                    .as(name + " documents 503").isEqualTo("#/components/schemas/ErrorBody");
            assertThat(unavailable.path("headers").has("Retry-After")).as(name + " 503 names Retry-After").isTrue();
            checked.add(name);
        }));
        assertThat(checked).contains("GET /api/users/{userId}", "POST /v1/batch", "POST /api/write-keys");
    }

    @Test
    void successAnswersAreDescribedAsTheJsonTheServerSends() {
        description.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().path("responses").properties().forEach(response -> {
                    JsonNode content = response.getValue().path("content");
                    if (response.getKey().startsWith("2") && !content.isMissingNode()) {
                        assertThat(content.fieldNames()).toIterable()
                                .as(operation.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey())
                                .containsExactly("application/json");
                    }
                })));
        assertThat(client.get("/api/write-keys").raw().headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void theFieldsTheServerRequiresAreMarkedRequired() {
        JsonNode issue = operation("/api/write-keys", "post").path("requestBody");
        JsonNode preview = operation("/api/templates/{kind}/preview", "post").path("requestBody");

        JsonNode newKey = resolve(issue.path("content").path("application/json").path("schema"));
        assertThat(newKey.path("required").toString()).isEqualTo("[\"name\"]");
        assertThat(newKey.path("properties").path("name").path("maxLength").asInt()).isEqualTo(100);
        assertThat(preview.path("required").asBoolean()).as("the preview's body is required").isTrue();
        assertThat(resolve(preview.path("content").path("application/json").path("schema")).path("required").toString())
                .isEqualTo("[\"userId\"]");
        assertThat(client.postAsAdmin("/api/templates/welcome/preview", "{}").status()).isEqualTo(400);
        assertThat(client.postAsAdmin("/api/write-keys", Map.of("name", "x".repeat(101))).status()).isEqualTo(400);
    }

    private JsonNode operation(String path, String method) {
        JsonNode operation = description.path("paths").path(path).path(method);
        assertThat(operation.isObject()).as(method + " " + path + " is described").isTrue();
        return operation;
    }

    private static JsonNode parameter(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        return ref.isEmpty() ? schema
                : description.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
