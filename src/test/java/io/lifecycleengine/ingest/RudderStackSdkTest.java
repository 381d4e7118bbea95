package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rudderstack.sdk.java.analytics.RudderAnalytics;
import com.rudderstack.sdk.java.analytics.messages.IdentifyMessage;
import com.rudderstack.sdk.java.analytics.messages.TrackMessage;
import io.lifecycleengine.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** RudderStack's own Java SDK, unchanged but for its data plane URL: it sends its batches gzip-compressed. */
class RudderStackSdkTest extends IntegrationTest {

    @Test
    void theJavaSdkDeliversItsGzipBatches() {
        String user = newUserId("rudder");
        RudderAnalytics analytics = RudderAnalytics.builder(environment.getRequiredProperty("lifecycle.ingest.write-key"))
                .setDataPlaneUrl("http://127.0.0.1:" + port)
                .flushQueueSize(10)
                .flushInterval(1, TimeUnit.SECONDS)
                .build();
        try {
            analytics.enqueue(IdentifyMessage.builder().userId(user).traits(Map.of("email", emailOf(user))));
            analytics.enqueue(TrackMessage.builder("Order Completed").userId(user).properties(Map.of("revenue", 19.5)));
            analytics.flush();
        } finally {
            analytics.shutdown();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> client.get("/api/users/" + user).status() == 200
                && client.getJson("/api/users/" + user).path("profile").path("events").asLong() == 2);
        JsonNode profile = client.getJson("/api/users/" + user);
        assertThat(profile.path("email").asText()).isEqualTo(emailOf(user));
        assertThat(profile.path("profile").path("revenue").decimalValue()).isEqualByComparingTo("19.5");
    }
}
