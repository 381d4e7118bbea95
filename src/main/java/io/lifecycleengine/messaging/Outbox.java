package io.lifecycleengine.messaging;

import io.lifecycleengine.system.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
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

    /**
     * Queues the message unless it was queued before. A transaction of its own: on MySQL a failed
     * duplicate insert holds a shared lock on the row, and the lease's update after it would deadlock
     * with another sender doing the same.
     */
    void queue(MessageRequest request, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        try {
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO message_outbox (idempotency_key, user_id, kind, journey_id, status, attempts, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 0, ?, ?)""", Statement.RETURN_GENERATED_KEYS);
                insert.setString(1, request.idempotencyKey());
                insert.setString(2, request.userId());
                insert.setString(3, request.kind());
                insert.setString(4, request.journeyId());
                insert.setString(5, MessageStatus.QUEUED.name());
                insert.setTimestamp(6, Timestamp.from(now));
                insert.setTimestamp(7, Timestamp.from(now));
                return insert;
            }, key);
        } catch (DuplicateKeyException queuedBefore) {
            // the earlier row decides what happens next
            return;
        }
        addHistory(key.getKey().longValue(), MessageStatus.QUEUED, null, now);
    }

    /** Takes the queued message's send lease if nobody holds one and it is not final yet. */
    Claim lease(MessageRequest request, Instant now, Duration lease) {
        String owner = UUID.randomUUID().toString();
        int leased = jdbc.update("""
                UPDATE message_outbox SET status = ?, lease_until = ?, lease_owner = ? WHERE idempotency_key = ?
                  AND (status IN (?, ?) OR (status = ? AND lease_until < ?))""",
                MessageStatus.SENDING.name(), Timestamp.from(now.plus(lease)), owner, request.idempotencyKey(),
                MessageStatus.QUEUED.name(), MessageStatus.FAILED.name(), MessageStatus.SENDING.name(), Timestamp.from(now));
        return new Claim(jdbc.queryForObject("SELECT " + COLUMNS + " FROM message_outbox WHERE idempotency_key = ?",
                this::map, request.idempotencyKey()), leased == 1 ? owner : null);
    }

    /** The message's row, and the lease this caller now holds on it (null when it holds none). */
    record Claim(OutboxRow row, String leaseOwner) {

        boolean leased() {
            return leaseOwner != null;
        }
    }

    void moveUser(String fromUserId, String toUserId) {
        jdbc.update("UPDATE message_outbox SET user_id = ? WHERE user_id = ?", toUserId, fromUserId);
    }

    /** Appends a status to the message's history. */
    void addHistory(long id, MessageStatus status, String reason, Instant now) {
        jdbc.update("INSERT INTO message_status_history (outbox_id, status, reason, at) VALUES (?, ?, ?, ?)",
                id, status.name(), truncate(reason, MAX_ERROR_LENGTH), Timestamp.from(now));
    }

    boolean hasHistory(long id, MessageStatus status) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM message_status_history WHERE outbox_id = ? AND status = ?",
                Integer.class, id, status.name());
        return count != null && count > 0;
    }

    Optional<OutboxRow> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM message_outbox WHERE id = ?", this::map, id).stream().findFirst();
    }

    /** The histories of the given messages, oldest status first. */
    Map<Long, List<SentMessage.StatusChange>> historiesOf(List<Long> ids) {
        Map<Long, List<SentMessage.StatusChange>> histories = new HashMap<>();
        if (ids.isEmpty()) {
            return histories;
        }
        jdbc.query("SELECT outbox_id, status, reason, at FROM message_status_history WHERE outbox_id IN ("
                + Sql.placeholders(ids.size()) + ") ORDER BY id", rs -> {
            histories.computeIfAbsent(rs.getLong("outbox_id"), id -> new ArrayList<>()).add(new SentMessage.StatusChange(
                    MessageStatus.valueOf(rs.getString("status")).slug(), rs.getString("reason"),
                    rs.getTimestamp("at").toInstant()));
        }, ids.toArray());
        return histories;
    }

    /** Records that the SMTP server took the message, unless a sender that took over an expired lease recorded it already. */
    void markSent(long id, String recipient, String subject, String smtpMessageId, Instant now) {
        int marked = jdbc.update("""
                UPDATE message_outbox SET status = ?, status_reason = NULL, recipient = ?, subject = ?, smtp_message_id = ?,
                  attempts = attempts + 1, updated_at = ?, sent_at = ?, lease_until = NULL WHERE id = ? AND status <> ?""",
                MessageStatus.SENT.name(), recipient, truncate(subject, 500), smtpMessageId, Timestamp.from(now),
                Timestamp.from(now), id, MessageStatus.SENT.name());
        if (marked == 1) {
            addHistory(id, MessageStatus.SENT, null, now);
        }
    }

    void markSkipped(long id, String reason, Instant now) {
        jdbc.update("UPDATE message_outbox SET status = ?, status_reason = ?, updated_at = ?, lease_until = NULL WHERE id = ?",
                MessageStatus.SKIPPED.name(), reason, Timestamp.from(now), id);
        addHistory(id, MessageStatus.SKIPPED, reason, now);
    }

    /**
     * Records a failed attempt while the sender still holds the lease: once it expired, another sender owns the
     * message and its outcome (sent, or being sent) must stand, or the failed one's retry would mail it again.
     *
     * @return false when the lease was no longer the sender's, and nothing was recorded
     */
    boolean markFailed(long id, String leaseOwner, String error, Instant now) {
        int marked = jdbc.update("""
                UPDATE message_outbox SET status = ?, status_reason = 'delivery-failed', last_error = ?,
                  attempts = attempts + 1, updated_at = ?, lease_until = NULL WHERE id = ? AND status = ? AND lease_owner = ?""",
                MessageStatus.FAILED.name(), truncate(error, MAX_ERROR_LENGTH), Timestamp.from(now), id,
                MessageStatus.SENDING.name(), leaseOwner);
        if (marked == 1) {
            addHistory(id, MessageStatus.FAILED, error, now);
        }
        return marked == 1;
    }

    /** How many messages, other than of the excluded kinds, went out to the user since the given time. */
    int sentSince(String userId, Instant since, List<String> excludedKinds) {
        String excluded = excludedKinds.isEmpty() ? "" : " AND kind NOT IN (" + Sql.placeholders(excludedKinds.size()) + ")";
        List<Object> arguments = new ArrayList<>(List.of(userId, Timestamp.from(since)));
        arguments.addAll(excludedKinds);
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM message_outbox WHERE user_id = ? AND sent_at > ?" + excluded,
                Integer.class, arguments.toArray());
        return count == null ? 0 : count;
    }

    List<MessageOutcome> outcomes() {
        return jdbc.query("""
                SELECT kind, status, status_reason, COUNT(*) FROM message_outbox
                GROUP BY kind, status, status_reason ORDER BY kind, status, status_reason""",
                (rs, n) -> new MessageOutcome(rs.getString(1), MessageStatus.valueOf(rs.getString(2)).slug(), rs.getString(3),
                        rs.getLong(4)));
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
