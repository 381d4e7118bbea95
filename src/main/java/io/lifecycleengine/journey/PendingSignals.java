package io.lifecycleengine.journey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import io.lifecycleengine.system.Sql;
import org.springframework.stereotype.Repository;

@Repository
class PendingSignals {

    private static final String COLUMNS = "id, user_id, kind, intent_kind, created_at, attempts";

    private final JdbcTemplate jdbc;

    PendingSignals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A signal to store: the user, its kind and, for intent, which intent. */
    record NewSignal(String userId, SignalKind kind, String intentKind) {
    }

    /** Stores the signals with multi-row inserts; returns their ids in the same order. */
    List<Long> addAll(List<NewSignal> signals, Instant now) {
        if (signals.isEmpty()) {
            return List.of();
        }
        return Sql.insertRowsReturningKeys(jdbc,
                "INSERT INTO journey_signal (user_id, kind, intent_kind, created_at, next_attempt_at, attempts) VALUES",
                signals.stream().map(signal -> new Object[] {signal.userId(), signal.kind().name(), signal.intentKind(),
                        now, now, 0}).toList());
    }

    /** The kinds of the signals the given users have waiting, per user, oldest first. */
    Map<String, List<SignalKind>> waitingOf(Collection<String> userIds) {
        Map<String, List<SignalKind>> waiting = new HashMap<>();
        if (!userIds.isEmpty()) {
            jdbc.query("SELECT user_id, kind FROM journey_signal WHERE user_id IN (" + Sql.placeholders(userIds.size())
                    + ") ORDER BY id", (RowCallbackHandler) row -> waiting.computeIfAbsent(row.getString("user_id"),
                            user -> new ArrayList<>()).add(SignalKind.valueOf(row.getString("kind"))), userIds.toArray());
        }
        return waiting;
    }

    /** True when a signal of the same user raised before this one still waits to be heard. */
    boolean earlierWaiting(PendingSignal signal) {
        Integer earlier = jdbc.queryForObject("SELECT COUNT(*) FROM journey_signal WHERE user_id = ? AND id < ?",
                Integer.class, signal.userId(), signal.id());
        return earlier != null && earlier > 0;
    }

    Optional<PendingSignal> find(long id) {
        List<PendingSignal> rows = jdbc.query("SELECT " + COLUMNS + " FROM journey_signal WHERE id = ?", this::map, id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The ids of the signals whose backoff has passed, per user, oldest first. */
    Map<String, List<Long>> dueByUser(Instant now, int limit) {
        Map<String, List<Long>> due = new LinkedHashMap<>();
        jdbc.query("SELECT id, user_id FROM journey_signal WHERE next_attempt_at <= ? ORDER BY id LIMIT " + limit,
                (RowCallbackHandler) row -> due.computeIfAbsent(row.getString("user_id"), user -> new ArrayList<>())
                        .add(row.getLong("id")), Timestamp.from(now));
        return due;
    }

    /**
     * Takes the signal for one attempt, leasing it so that no other node attempts it meanwhile.
     *
     * @return false when another attempt took it first
     */
    boolean lease(PendingSignal signal, Instant until) {
        return jdbc.update("UPDATE journey_signal SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND attempts = ?",
                Timestamp.from(until), signal.id(), signal.attempts()) == 1;
    }

    /** Postpones a leased signal, unless its journey woke it meanwhile ({@link #wake}). */
    void retryAt(long id, Instant next, Instant now) {
        jdbc.update("UPDATE journey_signal SET next_attempt_at = ? WHERE id = ? AND next_attempt_at > ?",
                Timestamp.from(next), id, Timestamp.from(now));
    }

    /**
     * Makes the user's waiting signals due now: their journey has just become ready to hear them. Updates
     * by primary key, so that it takes its row locks in the same order as leases and backoffs.
     */
    void wake(String userId, Instant now) {
        List<Long> waiting = jdbc.queryForList("SELECT id FROM journey_signal WHERE user_id = ? AND next_attempt_at > ? ORDER BY id",
                Long.class, userId, Timestamp.from(now));
        if (!waiting.isEmpty()) {
            List<Object> arguments = new ArrayList<>();
            arguments.add(Timestamp.from(now));
            arguments.addAll(waiting);
            arguments.add(Timestamp.from(now));
            jdbc.update("UPDATE journey_signal SET next_attempt_at = ? WHERE id IN (" + Sql.placeholders(waiting.size())
                    + ") AND next_attempt_at > ?", arguments.toArray());
        }
    }

    int count() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM journey_signal", Integer.class);
        return count == null ? 0 : count;
    }

    int countFor(String userId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM journey_signal WHERE user_id = ?", Integer.class, userId);
        return count == null ? 0 : count;
    }

    void moveUser(String fromUserId, String toUserId) {
        jdbc.update("UPDATE journey_signal SET user_id = ? WHERE user_id = ?", toUserId, fromUserId);
    }

    void forgetUser(String userId) {
        jdbc.update("DELETE FROM journey_signal WHERE user_id = ?", userId);
    }

    void remove(long id) {
        jdbc.update("DELETE FROM journey_signal WHERE id = ?", id);
    }

    private PendingSignal map(ResultSet rs, int row) throws SQLException {
        return new PendingSignal(rs.getLong("id"), rs.getString("user_id"), SignalKind.valueOf(rs.getString("kind")),
                rs.getString("intent_kind"), rs.getTimestamp("created_at").toInstant(), rs.getInt("attempts"));
    }
}
