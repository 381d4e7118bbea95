package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient.Answer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
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

    @Test
    void aWrongMethodIsAnsweredWithTheMethodsThatAreAllowed() throws Exception {
        HttpResponse<String> readApi = call("PUT", "/api/segments", "application/json");
        HttpResponse<String> ingest = client.send("GET", "/v1/track", null, null, client.writeKeyAuthorization()).raw();

        // RFC 9110: a 405 must carry Allow, which is what a client reads to learn the right method
        assertThat(readApi.statusCode()).isEqualTo(405);
        assertThat(readApi.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
        assertThat(json(readApi).path("error").asText()).isEqualTo("method_not_allowed");
        assertThat(ingest.statusCode()).isEqualTo(405);
        assertThat(ingest.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void anUnknownPathIsNamedAsTheCallerWroteIt() throws Exception {
        for (String path : new String[] {"/api/segments/", "/api//segments"}) {
            HttpResponse<String> answer = call("GET", path, "application/json");

            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            // not "No such path: /api/segments", a path that exists
            assertThat(json(answer).path("message").asText()).as(path).isEqualTo("No such path: " + path);
        }
    }

    @Test
    void aCompressedBodyIsRefusedAsCompressedAndNothingIsIssued() throws Exception {
        byte[] json = "{\"name\":\"compressed\"}".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(json);
        }
        int keysBefore = client.getJson("/api/write-keys").size();

        for (var body : Map.of("gzip", gzipped.toByteArray(), "br", json).entrySet()) {
            Answer answer = client.send("POST", "/api/write-keys", body.getValue(), Map.of("Content-Type", "application/json",
                    "Content-Encoding", body.getKey(), "Authorization", client.adminAuthorization()));

            // not "not valid JSON" for gzip, nor a key issued from a body read as if it were not compressed
            assertThat(answer.status()).as(body.getKey()).isEqualTo(415);
            assertThat(answer.body().path("message").asText()).as(body.getKey()).contains("Content-Encoding");
        }
        assertThat(client.getJson("/api/write-keys").size()).isEqualTo(keysBefore);
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
