package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.TestMail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A user posted over HTTP walks through every stage in real time, with the job executor running,
 * the windows set to seconds and one email per transition arriving over SMTP. Runs under Failsafe in
 * its own JVM: its job executor must not take the jobs the process tests run by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=true",
        "camunda.bpm.job-execution.wait-time-in-millis=200",
        "camunda.bpm.job-execution.max-wait=500",
        "lifecycle.journey.signal-retry.enabled=true",
        "lifecycle.journey.signal-retry.interval=PT0.2S",
        "lifecycle.journey.onboarding-window=PT2M",
        "lifecycle.journey.inactive-after=PT6S",
        "lifecycle.journey.churned-after=PT12S",
        "lifecycle.journey.high-intent-window=PT2M"})
class LifecycleEndToEndIT extends IntegrationTest {

    private static final Duration STEP = Duration.ofSeconds(40);

    @Test
    void userWalksThroughEveryStageWithOneEmailPerTransition() {
        String user = newUserId("e2e");
        String email = emailOf(user);

        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", email, "firstName", "Grace")));
        awaitStage(user, "NEW");
        client.ingest("/v1/track", Map.of("userId", user, "event", "Report Viewed",
                "timestamp", Instant.now().minus(Duration.ofDays(1)).toString()));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Report Viewed"));
        awaitStage(user, "ACTIVE");
        client.ingest("/v1/page", Map.of("userId", user, "name", "Pricing", "properties", Map.of("path", "/pricing")));
        awaitStage(user, "HIGH_INTENT");
        client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", 99)));
        awaitTransitions(user, 4);
        awaitStage(user, "INACTIVE");
        awaitStage(user, "CHURNED");
        client.ingest("/v1/track", Map.of("userId", user, "event", "App Opened"));
        awaitStage(user, "ACTIVE");
        await().atMost(STEP).until(() -> TestMail.to(email).size() == 7);

        assertThat(transitions(user)).containsExactly("null->NEW", "NEW->ACTIVE", "ACTIVE->HIGH_INTENT",
                "HIGH_INTENT->ACTIVE", "ACTIVE->INACTIVE", "INACTIVE->CHURNED", "CHURNED->ACTIVE");
        assertThat(TestMail.subjectsTo(email)).containsExactly(
                "Acme: welcome aboard, Grace",
                "Grace, the features that make Acme worth it",
                "Grace, ready to get more out of Acme?",
                "Thank you for your order, Grace",
                "We have missed you at Acme, Grace",
                "Grace, come back to Acme: here is something for you",
                "Welcome back to Acme, Grace!");
        List<String> messages = new ArrayList<>();
        client.getJson("/api/users/" + user + "/messages")
                .forEach(m -> messages.add(m.path("template").asText() + ":" + m.path("status").asText()));
        assertThat(messages).containsExactly("welcome:sent", "feature-guide:sent", "upgrade-prompt:sent",
                "order-thanks:sent", "re-engagement:sent", "win-back:sent", "welcome-back:sent");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(user).count())
                .isEqualTo(1);
    }

    private void awaitStage(String user, String stage) {
        await().atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> stage.equals(client.getJson("/api/users/" + user).path("stage").asText()));
    }

    private void awaitTransitions(String user, int count) {
        await().atMost(STEP).until(() -> transitions(user).size() >= count);
    }

    private List<String> transitions(String user) {
        List<String> moves = new ArrayList<>();
        for (JsonNode t : client.getJson("/api/users/" + user + "/transitions")) {
            moves.add(t.path("from").asText("null") + "->" + t.path("to").asText());
        }
        return moves;
    }
}
