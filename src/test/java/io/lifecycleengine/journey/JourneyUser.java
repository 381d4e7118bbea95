package io.lifecycleengine.journey;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.LifecycleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One user of a test: sends events over HTTP, settles the journey, and reads stage and messages back. */
record JourneyUser(String id, LifecycleClient client, JourneyDriver driver) {

    /** identify with email and name, the journey's welcome sent. */
    void signUp() {
        identify(Map.of("email", id + "@example.com", "firstName", "Ada"));
    }

    /** Signed up and active on two days: ACTIVE, two days later than now. */
    void activate() {
        signUp();
        track("Report Viewed");
        driver.advance(Duration.ofDays(2));
        track("Report Viewed");
        if (!stage().equals("ACTIVE")) {
            throw new AssertionError(id + " did not activate but is " + stage());
        }
    }

    void identify(Map<String, Object> traits) {
        client.ingest("/v1/identify", Map.of("userId", id, "traits", traits));
        driver.settle(id);
    }

    void track(String event) {
        track(event, Map.of());
    }

    void track(String event, Map<String, Object> properties) {
        client.ingest("/v1/track", Map.of("userId", id, "event", event, "properties", properties));
        driver.settle(id);
    }

    String stage() {
        return client.getJson("/api/users/" + id).path("stage").asText();
    }

    /** "kind:status" or "kind:status:reason" per message, oldest first. */
    List<String> messages() {
        List<String> lines = new ArrayList<>();
        for (JsonNode m : messagesJson()) {
            String reason = m.path("reason").asText("");
            lines.add(m.path("template").asText() + ":" + m.path("status").asText() + (reason.isEmpty() ? "" : ":" + reason));
        }
        return lines;
    }

    JsonNode messagesJson() {
        return client.getJson("/api/users/" + id + "/messages");
    }
}
