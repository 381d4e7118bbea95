package io.lifecycleengine.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import io.lifecycleengine.system.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The raw event log, deduplicated by messageId for good; {@code user_id} is the user an event belongs to. */
@Repository
class EventStore {

    private static final String COLUMNS = "message_id, type, user_id, anonymous_id, name, event_time, received_at, payload";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    EventStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Which of the given messageIds are stored already. */
    Set<String> existingIds(Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("SELECT message_id FROM behavior_event WHERE message_id IN ("
                + Sql.placeholders(messageIds.size()) + ")", String.class, messageIds.toArray()));
    }

    /**
     * Stores new events, in their order, with multi-row inserts.
     *
     * @throws DuplicateKeyException when a concurrent call stored one of them first
     */
    void insertAll(List<BehaviorEvent> events) {
        Sql.insertRows(jdbc, "INSERT INTO behavior_event (" + COLUMNS + ") VALUES",
                events.stream().map(event -> new Object[] {event.messageId(), event.type().name(), event.userId(),
                        event.anonymousId(), event.name(), event.eventTime(), event.receivedAt(), event.payload()}).toList(), "");
    }

    /** Events of an anonymous visitor that belong to no user yet, oldest first. */
    List<BehaviorEvent> unattributed(String anonymousId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM behavior_event WHERE anonymous_id = ? AND user_id IS NULL ORDER BY id",
                this::map, anonymousId);
    }

    List<BehaviorEvent> ofUser(String userId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM behavior_event WHERE user_id = ? ORDER BY id", this::map, userId);
    }

    void attribute(String anonymousId, String userId) {
        jdbc.update("UPDATE behavior_event SET user_id = ? WHERE anonymous_id = ? AND user_id IS NULL", userId, anonymousId);
    }

    void reassign(String fromUserId, String toUserId) {
        jdbc.update("UPDATE behavior_event SET user_id = ? WHERE user_id = ?", toUserId, fromUserId);
    }

    private BehaviorEvent map(ResultSet rs, int row) throws SQLException {
        String payload = rs.getString("payload");
        JsonNode call;
        try {
            call = json.readTree(payload);
        } catch (JsonProcessingException unreadable) {
            call = json.createObjectNode();
        }
        EventType type = EventType.valueOf(rs.getString("type"));
        JsonNode traits = object(call, "traits");
        if (type == EventType.IDENTIFY) {
            // as the intake read them: the payload keeps them where the call had them
            traits = SegmentPayloadParser.withContextTraits(traits, object(object(call, "context"), "traits"));
        }
        return new BehaviorEvent(rs.getString("message_id"), type,
                rs.getString("user_id"), rs.getString("anonymous_id"), text(call, "previousId"), rs.getString("name"),
                object(call, "properties"), traits, rs.getTimestamp("event_time").toInstant(),
                rs.getTimestamp("received_at").toInstant(), payload);
    }

    private JsonNode object(JsonNode call, String field) {
        JsonNode value = call.get(field);
        return value != null && value.isObject() ? value : json.createObjectNode();
    }

    private static String text(JsonNode call, String field) {
        JsonNode value = call.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
