package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the journey hears when identities join: a visitor's behavior before sign-up, a merged user's behavior
 * the surviving user's journey had not heard, and the merged user's messages listed under the surviving user.
 */
class MergedIdentitiesTest extends JourneyTest {

    @Test
    void thePricingPageSeenBeforeSignUpIsHeard() {
        String anonymous = "anon-" + UUID.randomUUID();
        String user = newUserId("visitor");
        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Pricing", "properties", Map.of("path", "/pricing")));

        client.ingest("/v1/identify", Map.of("userId", user, "anonymousId", anonymous, "traits", Map.of("email", emailOf(user))));
        driver.settle(user);

        assertThat(stageOf(user)).isEqualTo("HIGH_INTENT");
        assertThat(templatesOf(user)).containsExactlyInAnyOrder("welcome", "upgrade-prompt");
    }

    @Test
    void theMergedUsersIntentInTheSameBatchAsTheAliasIsHeard() {
        String before = newUserId("same-batch");
        String after = before + "-new";

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "identify", "userId", before, "traits", Map.of("email", emailOf(before))),
                Map.of("type", "page", "userId", before, "name", "Pricing", "properties", Map.of("path", "/pricing")),
                Map.of("type", "alias", "previousId", before, "userId", after))));
        driver.settle(after);

        assertThat(stageOf(after)).isEqualTo("HIGH_INTENT");
        assertThat(templatesOf(after)).containsExactlyInAnyOrder("welcome", "upgrade-prompt");
    }

    @Test
    void aMergedUsersIntentIsHeardByTheSurvivingUsersOwnJourney() {
        String merged = newUserId("intent-merged");
        String surviving = newUserId("intent-surviving");
        client.ingest("/v1/track", Map.of("userId", surviving, "event", "Report Viewed"));
        driver.settle(surviving);
        client.ingest("/v1/page", Map.of("userId", merged, "name", "Pricing", "properties", Map.of("path", "/pricing")));
        driver.settle(merged);
        assertThat(stageOf(surviving)).isEqualTo("NEW");

        client.ingest("/v1/alias", Map.of("previousId", merged, "userId", surviving));
        driver.settle(surviving);

        assertThat(stageOf(surviving)).isEqualTo("HIGH_INTENT");
        assertThat(runningJourneys(merged) + runningJourneys(surviving)).isEqualTo(1);
    }

    @Test
    void theMergedUsersMessagesAreListedUnderTheSurvivingUser() {
        String before = newUserId("messages");
        String after = before + "-new";
        client.ingest("/v1/identify", Map.of("userId", before, "traits", Map.of("email", emailOf(before))));
        driver.settle(before);
        client.ingest("/v1/page", Map.of("userId", before, "name", "Pricing", "properties", Map.of("path", "/pricing")));
        driver.settle(before);
        assertThat(templatesOf(before)).hasSize(2);

        client.ingest("/v1/alias", Map.of("previousId", before, "userId", after));

        assertThat(templatesOf(after)).containsExactlyInAnyOrder("welcome", "upgrade-prompt");
        assertThat(stageOf(after)).isEqualTo("HIGH_INTENT");
    }

    private String stageOf(String user) {
        return client.getJson("/api/users/" + user).path("stage").asText();
    }

    private List<String> templatesOf(String user) {
        return client.getJson("/api/users/" + user + "/messages").findValuesAsText("template");
    }

    private long runningJourneys(String businessKey) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .processInstanceBusinessKey(businessKey).count();
    }
}
