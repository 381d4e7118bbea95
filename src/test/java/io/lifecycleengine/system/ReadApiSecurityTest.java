package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import io.lifecycleengine.support.LifecycleClient.Answer;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;

/** The read API, engine-rest and Cockpit are closed to anyone without the admin's credentials. */
class ReadApiSecurityTest extends IntegrationTest {

    @Test
    void readApiRequiresAnAdmin() {
        String analyst = "analyst" + UUID.randomUUID().toString().replace("-", "");
        User user = engine.getIdentityService().newUser(analyst);
        user.setPassword("analyst-password");
        engine.getIdentityService().saveUser(user);

        assertThat(client.get("/api/segments", null).status()).isEqualTo(401);
        Answer notAnAdmin = client.get("/api/segments", LifecycleClient.basic(analyst, "analyst-password"));
        assertThat(notAnAdmin.status()).isEqualTo(401);
        assertThat(notAnAdmin.body().path("error").asText()).isEqualTo("unauthorized");
        // a wrong password (tried on the analyst: Camunda delays further logins of that user)
        assertThat(client.get("/api/segments", LifecycleClient.basic(analyst, "wrong")).status()).isEqualTo(401);
        assertThat(client.get("/api/segments").status()).isEqualTo(200);
    }

    @Test
    void unknownUsersAnswer404Json() {
        for (String path : new String[] {"/api/users/nobody", "/api/users/nobody/transitions", "/api/users/nobody/messages"}) {
            Answer answer = client.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.body().path("message").asText()).isEqualTo("No user with id nobody");
        }
        assertThat(client.get("/api/no-such-thing").status()).isEqualTo(404);
    }

    @Test
    void segmentsListEveryStage() {
        String user = newUserId("segments");
        long before = client.getJson("/api/segments").path("lifecycle").path("NEW").asLong();
        client.ingest("/v1/identify", Map.of("userId", user));

        var lifecycle = client.getJson("/api/segments").path("lifecycle");

        assertThat(lifecycle.fieldNames()).toIterable()
                .containsExactly("NEW", "ACTIVE", "HIGH_INTENT", "INACTIVE", "CHURNED");
        assertThat(lifecycle.path("NEW").asLong()).isEqualTo(before + 1);
    }

    @Test
    void engineRestRequiresAnEngineUser() {
        assertThat(client.get("/engine-rest/process-definition", null).status()).isEqualTo(401);
        // Camunda's own filter lets the list of engines through without credentials
        for (String path : new String[] {"/engine-rest/engine", "/engine-rest/engine/"}) {
            Answer anonymous = client.get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.body().path("error").asText()).as(path).isEqualTo("unauthorized");
        }
        assertThat(client.get("/engine-rest/engine").body().path(0).path("name").asText()).isEqualTo("default");
        Answer withAdmin = client.get("/engine-rest/process-definition/key/user-lifecycle");
        assertThat(withAdmin.status()).isEqualTo(200);
        assertThat(withAdmin.body().path("key").asText()).isEqualTo("user-lifecycle");
    }

    @Test
    void actuatorListsItsEndpointsOnlyToEngineUsersButHealthIsOpen() {
        assertThat(client.get("/actuator", null).status()).isEqualTo(401);
        assertThat(client.get("/actuator").body().path("_links").has("health")).isTrue();
        assertThat(client.get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void theApiIsDescribedInOpenApiForAdmins() {
        assertThat(client.get("/api/openapi", null).status()).isEqualTo(401);

        var description = client.getJson("/api/openapi");

        assertThat(description.path("info").path("title").asText()).isEqualTo("Lifecycle Engine API");
        assertThat(description.path("paths").has("/v1/batch")).isTrue();
        assertThat(description.path("paths").has("/api/users/{userId}")).isTrue();
        assertThat(description.path("paths").has("/api/segments/{dimension}/{segment}/members")).isTrue();
    }

    @Test
    void cockpitIsServed() {
        Answer cockpit = client.get("/camunda/app/cockpit/default/", null);
        assertThat(cockpit.status()).isEqualTo(200);
        assertThat(cockpit.raw().body()).contains("Cockpit");
    }
}
