package io.lifecycleengine.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Every message a journey asked for, keyed by its idempotency key, with its delivery status. */
@Repository
class Outbox {

    private static final int MAX_ERROR_LENGTH = 1000;
    private static final String COLUMNS = "id, idempotency_key, user_id, kind, status, status_reason, attempts, updated_at";

    private final JdbcTemplate jdbc;

    Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues the message unless it was queued before, and returns its row either way. */
    OutboxRow claim(MessageRequest request, Instant now) {
        try {
            jdbc.update("""
                    INSERT INTO message_outbox (idempotency_key, user_id, kind, journey_id, status, attempts, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?)""",
                    request.idempotencyKey(), request.userId(), request.kind(), request.journeyId(),
                    MessageStatus.QUEUED.name(), Timestamp.from(now), Timestamp.from(now));
        } catch (DuplicateKeyException queuedBefore) {
            // the earlier row decides what happens next
        }
        return jdbc.queryForObject("SELECT " + COLUMNS + " FROM message_outbox WHERE idempotency_key = ? FOR UPDATE",
                this::map, request.idempotencyKey());
    }

    void markSent(long id, String recipient, String subject, String smtpMessageId, Instant now) {
        jdbc.update("""
                UPDATE message_outbox SET status = ?, status_reason = NULL, recipient = ?, subject = ?, smtp_message_id = ?,
                  attempts = attempts + 1, updated_at = ? WHERE id = ?""",
                MessageStatus.SENT.name(), recipient, truncate(subject, 500), smtpMessageId, Timestamp.from(now), id);
    }

    void markSkipped(long id, String reason, Instant now) {
        jdbc.update("UPDATE message_outbox SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
                MessageStatus.SKIPPED.name(), reason, Timestamp.from(now), id);
    }

    void markFailed(long id, String error, Instant now) {
        jdbc.update("""
                UPDATE message_outbox SET status = ?, status_reason = 'delivery-failed', last_error = ?,
                  attempts = attempts + 1, updated_at = ? WHERE id = ?""",
                MessageStatus.FAILED.name(), truncate(error, MAX_ERROR_LENGTH), Timestamp.from(now), id);
    }

    List<OutboxRow> ofUser(String userId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM message_outbox WHERE user_id = ? ORDER BY id", this::map, userId);
    }

    private OutboxRow map(ResultSet rs, int row) throws SQLException {
        return new OutboxRow(rs.getLong("id"), rs.getString("idempotency_key"), rs.getString("user_id"),
                rs.getString("kind"), MessageStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
                rs.getInt("attempts"), rs.getTimestamp("updated_at").toInstant());
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
