package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.EventTimeRange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Validates one Segment HTTP Tracking API call and turns it into a {@link BehaviorEvent}. */
final class SegmentPayloadParser {

    static final int MAX_ID_LENGTH = 255;
    static final int MAX_EVENT_BYTES = 32 * 1024;
    /** RFC 5321's limit on a forward path, and the width of the profile's email column. */
    static final int MAX_EMAIL_LENGTH = 320;

    private SegmentPayloadParser() {
    }

    /** What a batch gives all its items: shared context and integrations, and when the client sent it. */
    record BatchDefaults(JsonNode context, JsonNode integrations, Instant sentAt) {
        static final BatchDefaults NONE = new BatchDefaults(null, null, null);
    }

    /**
     * @param where how the item is named in error messages ("body", "batch[3]")
     */
    static BehaviorEvent parse(JsonNode original, EventType type, Instant receivedAt, String where,
                               BatchDefaults defaults) {
        if (original == null || !original.isObject()) {
            throw new BadRequestException(where + ": must be a JSON object");
        }
        ObjectNode node = withDefaults((ObjectNode) original, defaults, where);
        if (node.has("writeKey")) {
            // a credential, stored only as a hash
            node = node.deepCopy();
            node.remove("writeKey");
        }
        String payload = node.toString();
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
            throw new BadRequestException(where + ": larger than " + MAX_EVENT_BYTES / 1024 + " KB");
        }
        // JSON escapes NUL in the serialized call, so this finds one in any key or value
        if (payload.contains("\\u0000")) {
            throw new BadRequestException(where + ": contains a NUL character (\\u0000)");
        }
        String userId = id(node, "userId", where);
        String anonymousId = id(node, "anonymousId", where);
        if (userId == null && anonymousId == null) {
            throw new BadRequestException(where + ": userId or anonymousId is required");
        }
        String name = switch (type) {
            case TRACK -> requiredText(node, "event", where);
            case PAGE, SCREEN -> optionalText(node, "name", where);
            default -> null;
        };
        String previousId = type == EventType.ALIAS ? id(node, "previousId", where) : null;
        if (type == EventType.ALIAS && (previousId == null || userId == null)) {
            throw new BadRequestException(where + ": alias needs previousId and userId");
        }
        JsonNode properties = object(node, "properties", where);
        JsonNode context = object(node, "context", where);
        JsonNode traits = object(node, "traits", where);
        if (type == EventType.IDENTIFY) {
            traits = withContextTraits(traits, object(context, "traits", where + ": context"));
        }
        if (traits.path("email").asText("").length() > MAX_EMAIL_LENGTH) {
            throw new BadRequestException(where + ": traits.email is longer than " + MAX_EMAIL_LENGTH + " characters");
        }
        Instant eventTime = eventTime(node, receivedAt, defaults, where);
        String messageId = optionalText(node, "messageId", where);
        if (messageId == null) {
            messageId = "lifecycle-" + UUID.randomUUID();
        }
        return new BehaviorEvent(messageId, type, userId, anonymousId, previousId, name, properties, traits,
                eventTime, receivedAt, payload);
    }

    /**
     * An identify's traits: RudderStack documents them under {@code context.traits}, Segment at the top; both
     * count, the top-level ones winning.
     */
    static JsonNode withContextTraits(JsonNode traits, JsonNode contextTraits) {
        if (contextTraits.isEmpty()) {
            return traits;
        }
        ObjectNode merged = ((ObjectNode) contextTraits).deepCopy();
        merged.setAll((ObjectNode) traits);
        return merged;
    }

    /** Item values win over the batch's; objects merge one level deep. */
    private static ObjectNode withDefaults(ObjectNode item, BatchDefaults defaults, String where) {
        ObjectNode merged = item;
        for (var shared : new Object[][] {{"context", defaults.context()}, {"integrations", defaults.integrations()}}) {
            String field = (String) shared[0];
            JsonNode batchValue = (JsonNode) shared[1];
            if (batchValue == null || !batchValue.isObject() || batchValue.isEmpty()) {
                continue;
            }
            JsonNode own = item.get(field);
            if (own != null && !own.isNull() && !own.isObject()) {
                throw new BadRequestException(where + ": " + field + " must be a JSON object");
            }
            ObjectNode combined = ((ObjectNode) batchValue).deepCopy();
            if (own != null && own.isObject()) {
                combined.setAll((ObjectNode) own);
            }
            if (merged == item) {
                merged = item.deepCopy();
            }
            merged.set(field, combined);
        }
        return merged;
    }

    /**
     * Segment's rule: the call's {@code timestamp} (or {@code originalTimestamp}) corrected by the client's
     * clock skew, {@code receivedAt - sentAt}, when {@code sentAt} is known; never later than receipt. A call
     * with both (as Segment exports and forwards it) has the client's own reading in {@code originalTimestamp},
     * on the clock of its {@code sentAt}, and in {@code timestamp} one corrected already.
     */
    static Instant eventTime(JsonNode node, Instant receivedAt, BatchDefaults defaults, String where) {
        Instant timestamp = timestamp(node, "timestamp", where);
        Instant original = timestamp(node, "originalTimestamp", where);
        Instant sentAt = timestamp(node, "sentAt", where);
        if (timestamp == null && original == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            sentAt = defaults.sentAt();
        }
        Instant corrected = sentAt == null ? (timestamp != null ? timestamp : original)
                : (original != null ? original : timestamp).plus(Duration.between(sentAt, receivedAt));
        if (corrected.isBefore(EventTimeRange.EARLIEST)) {
            throw new BadRequestException(where + ": sentAt is so far after the timestamp that the event falls before 1970");
        }
        return corrected.isAfter(receivedAt) ? receivedAt : corrected;
    }

    /** Ids may come as numbers, as some SDKs send them. */
    private static String id(JsonNode node, String field, String where) {
        return text(node, field, where, true);
    }

    private static String requiredText(JsonNode node, String field, String where) {
        String text = optionalText(node, field, where);
        if (text == null) {
            throw new BadRequestException(where + ": " + field + " is required");
        }
        return text;
    }

    private static String optionalText(JsonNode node, String field, String where) {
        return text(node, field, where, false);
    }

    /** A trimmed string of at most {@link #MAX_ID_LENGTH} characters; null when absent or empty. */
    private static String text(JsonNode node, String field, String where, boolean numbersToo) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !(numbersToo && value.isIntegralNumber())) {
            throw new BadRequestException(where + ": " + field + " must be a string");
        }
        String raw = value.asText();
        if (hasControlCharacter(raw)) {
            throw new BadRequestException(where + ": " + field + " contains control characters");
        }
        String text = raw.trim();
        if (text.length() > MAX_ID_LENGTH) {
            throw new BadRequestException(where + ": " + field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return text.isEmpty() ? null : text;
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode object(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!value.isObject()) {
            throw new BadRequestException(where + ": " + field + " must be a JSON object");
        }
        return value;
    }

    static Instant timestamp(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(where + ": " + field + " must be an ISO-8601 date-time string");
        }
        String text = value.asText().trim();
        Instant instant;
        try {
            instant = IsoDateTimes.parse(text);
        } catch (DateTimeParseException notADate) {
            throw new BadRequestException(where + ": " + field + " is not an ISO-8601 date-time: " + abbreviate(text));
        }
        if (!EventTimeRange.contains(instant)) {
            throw new BadRequestException(where + ": " + field + " is out of range (1970 to 2999): " + abbreviate(text));
        }
        return instant;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
