package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One accepted Segment-spec call. {@code name} is the track event name or the page/screen name;
 * {@code previousId} is set on alias calls; {@code eventTime} is the call's timestamp (clock-skew
 * corrected, never later than receipt), else the receipt time. {@code userId} is the user the event
 * belongs to once identities are resolved.
 */
public record BehaviorEvent(
        String messageId,
        EventType type,
        String userId,
        String anonymousId,
        String previousId,
        String name,
        JsonNode properties,
        JsonNode traits,
        Instant eventTime,
        Instant receivedAt,
        String payload) {

    public boolean hasUser() {
        return userId != null;
    }

    /** The same event, attributed to the user it turned out to belong to. */
    public BehaviorEvent attributedTo(String owner) {
        return new BehaviorEvent(messageId, type, owner, anonymousId, previousId, name, properties, traits, eventTime,
                receivedAt, payload);
    }

    /** A property as text, or null when absent. */
    public String property(String field) {
        JsonNode value = properties.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
