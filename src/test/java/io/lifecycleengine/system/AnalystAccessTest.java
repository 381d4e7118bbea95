package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A non-admin analyst can look at everything and change nothing: our API, engine-rest (Camunda's authorization checks) and Cockpit. */
class AnalystAccessTest extends IntegrationTest {

    @Test
    void anAnalystReadsOurApiButChangesNothing() {
        String analyst = analyst();

        assertThat(client.get("/api/segments", analyst).status()).isEqualTo(200);
        assertThat(client.get("/api/journeys/versions", analyst).status()).isEqualTo(200);
        assertThat(client.get("/api/metrics/churn", analyst).status()).isEqualTo(200);

        for (LifecycleClient.Answer answer : new LifecycleClient.Answer[] {
                client.post("/api/write-keys", "{\"name\":\"mine\"}", analyst),
                client.post("/api/journeys/migrations", "{\"dryRun\":true}", analyst),
                client.post("/api/segments/re-evaluation", "{}", analyst),
                client.send("DELETE", "/api/write-keys/1", null, null, analyst)}) {
            assertThat(answer.status()).as(answer.raw().uri().toString()).isEqualTo(403);
            assertThat(answer.body().path("error").asText()).isEqualTo("forbidden");
        }
        assertThat(client.get("/api/segments", LifecycleClient.basic("analyst", "wrong")).status()).isEqualTo(401);
    }

    @Test
    void inEngineRestTheAnalystReadsButCannotStartDeleteOrDeploy() {
        String analyst = analyst();
        String journey = newUserId("analyst-view");
        client.ingest("/v1/track", Map.of("userId", journey, "event", "Looked Around"));
        String instanceId = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("user-lifecycle")
                .processInstanceBusinessKey(journey).singleResult().getId();

        assertThat(client.get("/engine-rest/process-definition/key/user-lifecycle", analyst).status()).isEqualTo(200);
        assertThat(client.get("/engine-rest/process-instance/" + instanceId, analyst).status()).isEqualTo(200);
        assertThat(client.get("/engine-rest/decision-definition/key/lifecycle-stage", analyst).status()).isEqualTo(200);

        assertThat(client.post("/engine-rest/process-definition/key/user-lifecycle/start", "{\"businessKey\":\"x\"}", analyst).status())
                .isEqualTo(403);
        assertThat(client.send("DELETE", "/engine-rest/process-instance/" + instanceId, null, null, analyst).status())
                .isEqualTo(403);
        assertThat(client.post("/engine-rest/process-instance/" + instanceId + "/modification",
                "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"Gateway_WaitNew\"}]}", analyst).status()).isEqualTo(403);
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instanceId).count())
                .as("the journey is untouched").isEqualTo(1);
    }

    @Test
    void theAnalystMayOpenCockpit() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        // the webapps' CSRF protection: a page sets the token, the login sends it back
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/camunda/app/cockpit/default/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/camunda/api/admin/auth/user/default/login/cockpit"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("username=analyst&password=analyst-password", StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.body()).contains("\"userId\":\"analyst\"").contains("cockpit").doesNotContain("\"admin\"");
    }

    private String analyst() {
        return LifecycleClient.basic(environment.getRequiredProperty("lifecycle.analyst.user"),
                environment.getRequiredProperty("lifecycle.analyst.password"));
    }
}
