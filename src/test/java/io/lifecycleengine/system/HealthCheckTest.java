package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import io.lifecycleengine.support.TestMail;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a load balancer's health check sees: the node, not the services it can do without for a while. */
class HealthCheckTest extends IntegrationTest {

    @Test
    void aMailServerOutageDoesNotTakeTheNodeOutOfRotation() {
        TestMail.stop();
        try {
            LifecycleClient.Answer health = client.get("/actuator/health", null);
            LifecycleClient.Answer track = client.post("/v1/track", Map.of("userId", "health-check-user", "event", "App Opened"));

            assertThat(health.status()).as("sends wait in the outbox and are retried; ingest goes on").isEqualTo(200);
            assertThat(health.body().path("status").asText()).isEqualTo("UP");
            assertThat(track.status()).isEqualTo(200);
        } finally {
            TestMail.restart();
        }
    }
}
