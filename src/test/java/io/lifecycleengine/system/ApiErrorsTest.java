package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read API's errors are JSON whatever the caller asks for, and name the parameter in the caller's words. */
class ApiErrorsTest extends IntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anErrorIsJsonEvenForACallerThatAsksForHtml() throws Exception {
        HttpResponse<String> answer = call("GET", "/api/users/nobody-" + System.nanoTime(), "text/html");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(json(answer).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void aCallerThatAcceptsNoJsonIsTold406InJson() throws Exception {
        HttpResponse<String> answer = call("GET", "/api/segments", "application/xml");

        assertThat(answer.statusCode()).isEqualTo(406);
        assertThat(json(answer).path("message").asText()).isNotBlank();
    }

    @Test
    void aParameterOfTheWrongTypeIsNamedWithoutJavaTypes() throws Exception {
        HttpResponse<String> answer = call("DELETE", "/api/write-keys/abc", "application/json");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer).path("message").asText()).isEqualTo("'id' must be a number, not 'abc'");
    }

    @Test
    void anUnknownDimensionIsNamedWithTheKnownOnes() throws Exception {
        String user = newUserId("dimensions");
        client.ingest("/v1/track", Map.of("userId", user, "event", "Report Viewed"));

        HttpResponse<String> answer = call("GET", "/api/users/" + user + "/transitions?dimension=bogus", "application/json");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer).path("message").asText()).startsWith("dimension: no dimension 'bogus' (known: ")
                .contains("engagement", "lifecycle");
        assertThat(client.getJson("/api/users/" + user + "/transitions?dimension=engagement")).isNotEmpty();
    }

    private HttpResponse<String> call(String method, String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", accept).header("Authorization", client.adminAuthorization()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return new ObjectMapper().readTree(answer.body());
    }
}
