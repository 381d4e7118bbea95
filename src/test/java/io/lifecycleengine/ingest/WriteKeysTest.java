package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Several write keys, one per source: issued once, stored as hashes only, revocable. */
class WriteKeysTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void anIssuedKeyIngestsUntilItIsRevokedAndIsNeverStoredInTheClear() {
        LifecycleClient.Answer issued = client.postAsAdmin("/api/write-keys", Map.of("name", "ios app"));
        assertThat(issued.status()).isEqualTo(201);
        String key = issued.body().path("key").asText();
        long id = issued.body().path("id").asLong();
        assertThat(key).startsWith("wk_").hasSizeGreaterThanOrEqualTo(32);
        LifecycleClient.Answer second = client.postAsAdmin("/api/write-keys", Map.of("name", "web"));
        String otherKey = second.body().path("key").asText();
        assertThat(otherKey).isNotEqualTo(key);

        String user = newUserId("issued-key");
        assertThat(track(user, LifecycleClient.basic(key, ""))).isEqualTo(200);
        assertThat(trackWithKeyInBody(user, key)).isEqualTo(200);
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(2);

        JsonNode listed = listed(id);
        assertThat(listed.path("name").asText()).isEqualTo("ios app");
        assertThat(listed.path("prefix").asText()).isEqualTo(key.substring(0, 8));
        assertThat(listed.has("key")).as("a listed key does not show the key").isFalse();
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM write_key");
        assertThat(rows.toString()).doesNotContain(key).doesNotContain(otherKey);
        assertThat(jdbc.queryForList("SELECT payload FROM behavior_event WHERE user_id = ?", String.class, user))
                .as("nor with the call that carried it in its body").hasSize(2).noneMatch(payload -> payload.contains(key));

        assertThat(client.send("DELETE", "/api/write-keys/" + id, null, null, client.adminAuthorization()).status()).isEqualTo(204);

        assertThat(track(user, LifecycleClient.basic(key, ""))).isEqualTo(401);
        assertThat(trackWithKeyInBody(user, key)).isEqualTo(401);
        assertThat(listed(id).path("revokedAt").isTextual()).isTrue();
        assertThat(track(user, LifecycleClient.basic(otherKey, ""))).as("other keys go on").isEqualTo(200);
        assertThat(track(user, LifecycleClient.basic(environment.getRequiredProperty("lifecycle.ingest.write-key"), "")))
                .as("and so does the configured key").isEqualTo(200);
    }

    @Test
    void badKeyRequestsAreAnswered4xx() {
        assertThat(client.postAsAdmin("/api/write-keys", Map.of()).status()).isEqualTo(400);
        assertThat(client.postAsAdmin("/api/write-keys", Map.of("name", " ")).status()).isEqualTo(400);
        assertThat(client.postAsAdmin("/api/write-keys", Map.of("name", "x".repeat(101))).status()).isEqualTo(400);
        assertThat(client.send("DELETE", "/api/write-keys/987654", null, null, client.adminAuthorization()).status()).isEqualTo(404);
        assertThat(client.post("/api/write-keys", "{\"name\":\"sneaky\"}", null).status()).as("admins only").isEqualTo(401);
    }

    private JsonNode listed(long id) {
        for (JsonNode key : client.getJson("/api/write-keys")) {
            if (key.path("id").asLong() == id) {
                return key;
            }
        }
        throw new AssertionError("No write key " + id + " listed");
    }

    private int track(String user, String authorization) {
        return client.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"Keyed\"}", authorization).status();
    }

    private int trackWithKeyInBody(String user, String key) {
        return client.post("/v1/track", "{\"writeKey\":\"" + key + "\",\"userId\":\"" + user + "\",\"event\":\"Keyed\"}", null).status();
    }
}
