package io.lifecycleengine.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Profiles follow event time, not arrival order, and count what the journey needs. */
class BehaviorProfileTest extends IntegrationTest {

    private static final Instant NOW = Instant.parse("2026-05-20T12:00:00Z");

    @Autowired
    private ProfileService profiles;

    private String user;

    @BeforeEach
    void freezeTime() {
        setClock(NOW);
        user = newUserId("profile");
    }

    @Test
    void countsDistinctActiveDaysOverSevenAndThirtyDaysWhateverTheArrivalOrder() {
        track("Report Viewed", "2026-05-20T08:00:00Z");
        track("Report Viewed", "2026-05-20T09:00:00Z");
        track("Report Viewed", "2026-05-15T09:00:00Z");
        track("Report Viewed", "2026-05-01T09:00:00Z");
        track("Report Viewed", "2026-04-01T09:00:00Z");

        JsonNode profile = profile();
        assertThat(profile.path("activeDays7d").asInt()).isEqualTo(2);
        assertThat(profile.path("activeDays30d").asInt()).isEqualTo(3);
        assertThat(profile.path("events").asLong()).isEqualTo(5);
        assertThat(Instant.parse(profile.path("firstSeenAt").asText())).isEqualTo("2026-04-01T09:00:00Z");
        assertThat(Instant.parse(profile.path("lastActivityAt").asText())).isEqualTo("2026-05-20T09:00:00Z");
        assertThat(profiles.recentActivity(user)).contains(new RecentActivity(Instant.parse("2026-05-20T09:00:00Z"), 2));
    }

    @Test
    void identifyIsNotActivityButMergesTraits() {
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", "old@example.com", "plan", "free")));
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", "new@example.com")));

        JsonNode user = client.getJson("/api/users/" + this.user);
        assertThat(user.path("email").asText()).isEqualTo("new@example.com");
        assertThat(user.path("traits").path("plan").asText()).isEqualTo("free");
        assertThat(user.path("profile").path("activeDays7d").asInt()).isZero();
        assertThat(user.path("profile").has("lastActivityAt")).isFalse();
        assertThat(profiles.recentActivity(this.user)).hasValueSatisfying(recent -> assertThat(recent.activeDays7d()).isZero());
        assertThat(profiles.recentActivity("nobody-" + this.user)).isEmpty();
    }

    @Test
    void anIdentifyOlderThanTheTraitsOnlyFillsInWhatIsMissing() {
        client.ingest("/v1/identify", Map.of("userId", user, "timestamp", NOW.minusSeconds(60).toString(),
                "traits", Map.of("email", "new@example.com", "plan", "pro")));
        // sent earlier, delivered late (a device's offline queue)
        client.ingest("/v1/identify", Map.of("userId", user, "timestamp", NOW.minusSeconds(3_600).toString(),
                "traits", Map.of("email", "old@example.com", "plan", "free", "company", "Initech")));

        JsonNode late = client.getJson("/api/users/" + user);
        assertThat(late.path("email").asText()).isEqualTo("new@example.com");
        assertThat(late.path("traits").path("plan").asText()).isEqualTo("pro");
        assertThat(late.path("traits").path("company").asText()).isEqualTo("Initech");

        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("plan", "team")));
        assertThat(client.getJson("/api/users/" + user).path("traits").path("plan").asText())
                .as("a newer identify wins again").isEqualTo("team");
    }

    @Test
    void anIdentifyThatRemovesTheEmailTraitRemovesTheAddress() {
        client.ingest("/v1/identify", Map.of("userId", user, "timestamp", NOW.minusSeconds(60).toString(),
                "traits", Map.of("email", "old@example.com")));
        client.ingest("/v1/identify", Map.of("userId", user, "timestamp", NOW.minusSeconds(30).toString(),
                "traits", Collections.singletonMap("email", null)));

        JsonNode removed = client.getJson("/api/users/" + user);
        assertThat(removed.path("traits").path("email").isNull()).isTrue();
        assertThat(removed.path("email").asText(null)).as("mail must not go on to a removed address").isNull();

        client.ingest("/v1/identify", Map.of("userId", user, "timestamp", NOW.minusSeconds(3_600).toString(),
                "traits", Map.of("email", "older@example.com")));
        assertThat(client.getJson("/api/users/" + user).path("email").asText(null))
                .as("a late identify fills in no trait the user removed later").isNull();

        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", " ")));
        assertThat(client.getJson("/api/users/" + user).path("email").asText(null)).isNull();
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", "new@example.com")));
        assertThat(client.getJson("/api/users/" + user).path("email").asText()).isEqualTo("new@example.com");
    }

    @Test
    void sumsPurchasesAndRevenueFromSegmentsOrderCompleted() {
        client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", 19.99)));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed", "properties", Map.of("total", "5.01")));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", "lots")));

        JsonNode profile = profile();
        assertThat(profile.path("purchases").asInt()).isEqualTo(3);
        assertThat(profile.path("revenue").decimalValue()).isEqualByComparingTo("25.00");
    }

    @Test
    void sumsRevenueBeyondTheLargestSingleAmount() {
        // each the largest amount taken (below 10^12), a thousand and one of them: past the 10^15 of a DECIMAL(19,4)
        Map<String, Object> order = Map.of("type", "track", "userId", user, "event", "Order Completed",
                "properties", Map.of("revenue", "999999999999.99"));
        client.ingest("/v1/batch", Map.of("batch", Collections.nCopies(1001, order)));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", 1)));

        BehaviorProfile profile = profiles.find(user).orElseThrow();
        assertThat(profile.purchases()).isEqualTo(1002);
        assertThat(profile.revenue()).isEqualByComparingTo("1000999999999990.99");
        assertThat(profile.last7d().revenue()).isEqualByComparingTo("1000999999999990.99");
    }

    @Test
    void countsIntentSignalsByKindAndKeepsTheLatest() {
        client.ingest("/v1/page", Map.of("userId", user, "name", "Plans", "properties", Map.of("url", "https://acme.test/pricing?x=1")));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Product Added", "timestamp", "2026-05-20T11:00:00Z"));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Demo Requested", "timestamp", "2026-05-19T11:00:00Z"));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Checkout Started", "timestamp", "2026-05-18T11:00:00Z"));

        JsonNode profile = profile();
        assertThat(profile.path("intentSignals").asInt()).isEqualTo(4);
        assertThat(profile.path("pricingPageViews").asInt()).isEqualTo(1);
        assertThat(profile.path("cartAdds").asInt()).isEqualTo(1);
        assertThat(profile.path("demoRequests").asInt()).isEqualTo(1);
        assertThat(profile.path("checkoutsStarted").asInt()).isEqualTo(1);
        assertThat(profile.path("lastIntent").asText()).isEqualTo("pricing-page");
    }

    @Test
    void keepsSevenAndThirtyDaySumsOfEventsPurchasesAndContent() {
        track("Video Playback Started", "2026-05-20T08:00:00Z");
        track("Video Content Completed", "2026-05-19T08:00:00Z");
        client.ingest("/v1/page", Map.of("userId", user, "name", "How we ship", "properties", Map.of("path", "/blog/ship"),
                "timestamp", "2026-05-10T08:00:00Z"));
        track("Lesson Completed", "2026-04-01T08:00:00Z");
        client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", 12),
                "timestamp", "2026-05-02T08:00:00Z"));
        track("Email Delivered", "2026-05-20T09:00:00Z");
        track("Email Opened", "2026-05-20T10:00:00Z");

        JsonNode profile = profile();
        assertThat(profile.path("events").asLong()).isEqualTo(7);
        assertThat(profile.path("events7d").asLong()).as("Email Delivered is not activity").isEqualTo(3);
        assertThat(profile.path("events30d").asLong()).isEqualTo(5);
        assertThat(profile.path("purchases30d").asInt()).isEqualTo(1);
        assertThat(profile.path("content").path("video").asInt()).isEqualTo(2);
        assertThat(profile.path("content").path("lesson").asInt()).isEqualTo(1);
        assertThat(profile.path("content30d").path("lesson").asInt()).isZero();
        assertThat(profile.path("content30d").path("blog").asInt()).isEqualTo(1);
        assertThat(profile.path("content30d").path("email").asInt()).isEqualTo(1);
        assertThat(Instant.parse(profile.path("lastActivityAt").asText())).isEqualTo("2026-05-20T10:00:00Z");
    }

    private void track(String event, String timestamp) {
        client.ingest("/v1/track", Map.of("userId", user, "event", event, "timestamp", timestamp));
    }

    private JsonNode profile() {
        return client.getJson("/api/users/" + user).path("profile");
    }
}
