package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lifecycleengine.system.BadRequestException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Validates one Segment HTTP Tracking API call and turns it into a {@link BehaviorEvent}. */
final class SegmentPayloadParser {

    static final int MAX_ID_LENGTH = 255;

    private SegmentPayloadParser() {
    }

    /**
     * @param where how the item is named in error messages ("body", "batch[3]")
     */
    static BehaviorEvent parse(JsonNode node, EventType type, Instant receivedAt, String where) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException(where + ": must be a JSON object");
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
        if (type == EventType.ALIAS && optionalText(node, "previousId", where) == null) {
            throw new BadRequestException(where + ": previousId is required for alias");
        }
        JsonNode properties = object(node, "properties", where);
        JsonNode traits = object(node, "traits", where);
        object(node, "context", where);
        Instant timestamp = timestamp(node, "timestamp", where);
        Instant eventTime = timestamp == null || timestamp.isAfter(receivedAt) ? receivedAt : timestamp;
        String messageId = optionalText(node, "messageId", where);
        if (messageId == null) {
            messageId = "lifecycle-" + UUID.randomUUID();
        }
        return new BehaviorEvent(messageId, type, userId, anonymousId, name, properties, traits,
                eventTime, receivedAt, node.toString());
    }

    private static String id(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw new BadRequestException(where + ": " + field + " must be a string");
        }
        String text = value.asText().trim();
        if (text.length() > MAX_ID_LENGTH) {
            throw new BadRequestException(where + ": " + field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return text.isEmpty() ? null : text;
    }

    private static String requiredText(JsonNode node, String field, String where) {
        String text = optionalText(node, field, where);
        if (text == null) {
            throw new BadRequestException(where + ": " + field + " is required");
        }
        return text;
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(where + ": " + field + " must be a string");
        }
        String text = value.asText().trim();
        if (text.length() > MAX_ID_LENGTH) {
            throw new BadRequestException(where + ": " + field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return text.isEmpty() ? null : text;
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
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw new BadRequestException(where + ": " + field + " is not an ISO-8601 date-time: " + abbreviate(text));
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
