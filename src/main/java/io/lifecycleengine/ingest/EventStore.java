package io.lifecycleengine.ingest;

import java.sql.Timestamp;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The raw event log, deduplicated by messageId for good. */
@Repository
class EventStore {

    private final JdbcTemplate jdbc;

    EventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when an event with this messageId was stored before */
    boolean insertIfAbsent(BehaviorEvent event) {
        try {
            jdbc.update("""
                    INSERT INTO behavior_event (message_id, type, user_id, anonymous_id, name, event_time, received_at, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    event.messageId(), event.type().name(), event.userId(), event.anonymousId(), event.name(),
                    Timestamp.from(event.eventTime()), Timestamp.from(event.receivedAt()), event.payload());
            return true;
        } catch (DuplicateKeyException alreadyStored) {
            return false;
        }
    }

    long countByMessageId(String messageId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM behavior_event WHERE message_id = ?", Long.class, messageId);
        return count == null ? 0 : count;
    }
}
