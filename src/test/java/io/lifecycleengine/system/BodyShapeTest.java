package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * A body of valid JSON in the wrong shape (an array where an object is taken) is named as such: it was answered "not
 * valid JSON", or with an empty field name and a Java class ("'' must be a MigrationRequest").
 */
class BodyShapeTest extends IntegrationTest {

    @Test
    void anArrayWhereAnObjectIsTakenIsNamedAsSuch() {
        Answer writeKey = client.postAsAdmin("/api/write-keys", "[]");
        Answer migration = client.postAsAdmin("/api/journeys/migrations", "[]");
        Answer field = client.postAsAdmin("/api/journeys/migrations", "{\"dryRun\": [1]}");
        Answer empty = client.postAsAdmin("/api/write-keys", "");

        assertThat(writeKey.status()).isEqualTo(400);
        assertThat(writeKey.body().path("message").asText()).isEqualTo("The request body must be a JSON object");
        assertThat(migration.status()).isEqualTo(400);
        assertThat(migration.body().path("message").asText()).isEqualTo("The request body must be a JSON object");
        assertThat(field.status()).isEqualTo(400);
        assertThat(field.body().path("message").asText()).isEqualTo("'dryRun' must be true or false");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("error").asText()).isEqualTo("malformed_json");
    }
}
