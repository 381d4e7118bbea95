package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.lifecycleengine.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Segment's own Java SDK, unchanged but for its endpoint, feeds the engine. */
class SegmentSdkTest extends IntegrationTest {

    @Test
    void theOfficialJavaSdkDeliversIdentifyTrackAndPage() {
        String user = newUserId("sdk");
        Analytics analytics = Analytics.builder(environment.getRequiredProperty("lifecycle.ingest.write-key"))
                .endpoint("http://127.0.0.1:" + port)
                .flushQueueSize(10)
                .flushInterval(1, TimeUnit.SECONDS)
                .build();
        try {
            analytics.enqueue(IdentifyMessage.builder().userId(user)
                    .traits(Map.of("email", emailOf(user), "firstName", "Sam")));
            analytics.enqueue(TrackMessage.builder("Order Completed").userId(user)
                    .properties(Map.of("revenue", 42.5)));
            analytics.enqueue(PageMessage.builder("Pricing").userId(user).properties(Map.of("path", "/pricing")));
            analytics.flush();
        } finally {
            analytics.shutdown();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/api/users/" + user).status() == 200
                && client.getJson("/api/users/" + user).path("profile").path("events").asLong() == 3);
        JsonNode profile = client.getJson("/api/users/" + user);
        assertThat(profile.path("email").asText()).isEqualTo(emailOf(user));
        assertThat(profile.path("profile").path("purchases").asInt()).isEqualTo(1);
        assertThat(profile.path("profile").path("revenue").decimalValue()).isEqualByComparingTo("42.5");
        assertThat(profile.path("profile").path("pricingPageViews").asInt()).isEqualTo(1);
    }
}
