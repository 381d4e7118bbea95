package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One accepted Segment-spec call. {@code name} is the track event name or the page/screen name;
 * {@code eventTime} is the call's timestamp (never later than receipt), else the receipt time.
 */
public record BehaviorEvent(
        String messageId,
        EventType type,
        String userId,
        String anonymousId,
        String name,
        JsonNode properties,
        JsonNode traits,
        Instant eventTime,
        Instant receivedAt,
        String payload) {

    public boolean hasUser() {
        return userId != null;
    }

    /** A property as text, or null when absent. */
    public String property(String field) {
        JsonNode value = properties.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
