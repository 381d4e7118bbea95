package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient.Answer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever a caller gets wrong in a call to {@code /api}, the answer is a 4xx in JSON that names the problem. */
class ApiBadInputTest extends IntegrationTest {

    record Call(String method, String path, String body, String contentType, int status, String named) {
    }

    @Test
    void badParametersAreNamedInA400() {
        List<Call> calls = List.of(
                get("/api/segments/lifecycle/NEW/members?size=-1", 400, "size"),
                get("/api/segments/lifecycle/NEW/members?size=99999999999", 400, "'size' must be a number"),
                get("/api/segments/lifecycle/NEW/members?page=-1", 400, "page must be 0 or more"),
                get("/api/segments/lifecycle/NEW/members?page=abc", 400, "'page' must be a number"),
                get("/api/segments/lifecycle/NEW/members?page=1&after=x", 400, "either page or after"),
                get("/api/segments/lifecycle/GOLD/members", 404, "No segment GOLD"),
                get("/api/segments/tier/gold/members", 404, "No dimension tier"),
                get("/api/segments/unused?days=0", 400, "days"),
                get("/api/segments/unused?days=abc", 400, "'days' must be a number"),
                get("/api/metrics/engagement?from=2026-13-01", 400, "'from' must be a date"),
                get("/api/metrics/churn?from=2026-02-30", 400, "'from' must be a date"),
                get("/api/metrics/reactivation?to=2026-1-1", 400, "'to' must be a date"),
                get("/api/metrics/engagement?from=2026-03-10&to=2026-03-01", 400, "'to' (2026-03-01) is before 'from'"),
                get("/api/metrics/engagement?to=9999-12-31", 400, "from 1970 to 2999"),
                get("/api/metrics/engagement?segment=usage", 400, "dimension:segment"),
                get("/api/metrics/engagement?segment=usage:gold", 400, "no segment 'gold'"),
                get("/api/metrics/engagement?segment=tier:gold", 400, "no dimension 'tier'"),
                get("/api/metrics/conversion?windowDays=0", 400, "windowDays"),
                get("/api/metrics/retention?weeks=-5", 400, "weeks"),
                get("/api/metrics/messages?conversionDays=9999999999", 400, "conversionDays"),
                get("/api/journeys/migrations/abc", 400, "'id' must be a number"),
                get("/api/journeys/migrations/99999999999999999999", 400, "'id' must be a number"),
                get("/api/journeys/migrations/999999", 404, "No migration 999999"),
                get("/api/users/nobody/transitions?dimension=tier", 404, "No user with id nobody"),
                new Call("DELETE", "/api/write-keys/abc", null, null, 400, "'id' must be a number"),
                new Call("DELETE", "/api/write-keys/999999", null, null, 404, "No write key 999999"));

        calls.forEach(this::answersAsExpected);
    }

    @Test
    void badBodiesAreNamedInA4xx() {
        List<Call> calls = List.of(
                post("/api/write-keys", "{\"name\": [1]}", 400, "'name' must be a text"),
                post("/api/write-keys", "{}", 400, "name is required"),
                post("/api/write-keys", "{\"name\":", 400, "not valid JSON"),
                post("/api/write-keys", "[]", 400, "must be a JSON object"),
                new Call("POST", "/api/write-keys", "{\"name\":\"x\"}", "text/plain", 415, "application/json"),
                new Call("POST", "/api/write-keys", "name=x", "application/x-www-form-urlencoded", 415, "application/json"),
                post("/api/journeys/migrations", "{\"dryRun\": \"yes\"}", 400, "'dryRun' must be true or false"),
                post("/api/journeys/migrations", "{\"dryrun\": true}", 400, "Unknown field 'dryrun'"),
                post("/api/journeys/migrations", "{\"dryRun\": true, \"processKey\": \"other\"}", 400, "processKey must be one of"),
                post("/api/journeys/migrations", "{\"dryRun\": true, \"mappings\": [1]}", 400, "'mappings' must be an object"),
                post("/api/journeys/migrations", "{\"dryRun\": true, \"moveTo\": {\"Gone\": \"GOLD\"}}", 400, "moveTo names a stage"),
                post("/api/journeys/migrations", "5", 400, "must be a JSON object"),
                new Call("POST", "/api/journeys/migrations", "{\"dryRun\": true}", "text/plain", 415, "application/json"),
                post("/api/templates/welcome/preview", "{\"userId\": [5]}", 400, "'userId' must be a text"),
                post("/api/templates/welcome/preview", "{}", 400, "userId is required"),
                post("/api/templates/nothing/preview", "{\"userId\": \"nobody\"}", 404, "No template for message kind 'nothing'"),
                new Call("PUT", "/api/write-keys", "{}", "application/json", 405, "'PUT' is not supported"));

        calls.forEach(this::answersAsExpected);
    }

    @Test
    void aMissingBodyIsNamedAsMissingNotAsInvalidJson() {
        for (String body : new String[] {null, "", "null"}) {
            Answer answer = client.send("POST", "/api/write-keys", body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                    "application/json", client.adminAuthorization());
            assertThat(answer.status()).as("body " + body).isEqualTo(400);
            assertThat(answer.body().path("message").asText()).as("body " + body).contains("body is missing");
        }
        for (String path : List.of("/v1/track", "/v1/batch")) {
            for (String body : new String[] {null, ""}) {
                Answer answer = client.send("POST", path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                        "application/json", client.writeKeyAuthorization());
                assertThat(answer.status()).as(path + " with body " + body).isEqualTo(400);
                assertThat(answer.body().path("message").asText()).as(path + " with body " + body)
                        .doesNotContain("not valid JSON").contains("body");
            }
        }
    }

    private void answersAsExpected(Call call) {
        byte[] body = call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8);
        Answer answer = client.send(call.method(), call.path(), body, call.contentType(), client.adminAuthorization());
        String name = call.method() + " " + call.path() + " " + (call.body() == null ? "" : call.body());
        assertThat(answer.status()).as(name + ": " + answer.raw().body()).isEqualTo(call.status());
        assertThat(answer.raw().headers().firstValue("Content-Type")).as(name).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(answer.body().path("error").asText()).as(name).isNotBlank();
        assertThat(answer.body().path("message").asText()).as(name).contains(call.named());
    }

    private static Call get(String path, int status, String named) {
        return new Call("GET", path, null, null, status, named);
    }

    private static Call post(String path, String body, int status, String named) {
        return new Call("POST", path, body, "application/json", status, named);
    }
}
