package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first name the templates greet with comes from {@code firstName}, else the first word of {@code name}: a
 * name as forms deliver it (a leading space) or an empty {@code firstName} beside a full {@code name} still greets
 * the user by name, not as "there".
 */
class FirstNameTest extends IntegrationTest {

    @Test
    void theFirstWordOfANameWithALeadingSpaceIsTheFirstName() {
        JsonNode mail = previewFor(Map.of("name", " Ada Lovelace"));

        assertThat(mail.path("subject").asText()).isEqualTo("Acme: welcome aboard, Ada");
    }

    @Test
    void anEmptyFirstNameFallsBackToTheName() {
        JsonNode mail = previewFor(Map.of("firstName", "", "name", "Ada Lovelace"));

        assertThat(mail.path("subject").asText()).isEqualTo("Acme: welcome aboard, Ada");
    }

    private JsonNode previewFor(Map<String, Object> traits) {
        String user = newUserId("first-name");
        Map<String, Object> withEmail = new java.util.HashMap<>(traits);
        withEmail.put("email", emailOf(user));
        client.ingest("/v1/identify", Map.of("userId", user, "traits", withEmail));
        return client.postAsAdmin("/api/templates/welcome/preview", Map.of("userId", user)).body();
    }
}
