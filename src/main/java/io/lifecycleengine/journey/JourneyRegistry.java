package io.lifecycleengine.journey;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * One row per user naming the running journey, if any. Its primary key is what makes "one running
 * journey per user" hold: Camunda's business keys are not unique.
 */
@Repository
class JourneyRegistry {

    private final JdbcTemplate jdbc;

    JourneyRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Present with an empty instance when the user's last journey ended (archived). */
    Optional<Optional<String>> findForUpdate(String userId) {
        List<Optional<String>> rows = jdbc.query(
                "SELECT process_instance_id FROM journey WHERE user_id = ? FOR UPDATE",
                (rs, n) -> Optional.ofNullable(rs.getString(1)), userId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    Optional<String> runningInstance(String userId) {
        List<String> rows = jdbc.queryForList(
                "SELECT process_instance_id FROM journey WHERE user_id = ? AND process_instance_id IS NOT NULL",
                String.class, userId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** @throws org.springframework.dao.DuplicateKeyException when another node registered the user first */
    void register(String userId, Instant now) {
        jdbc.update("INSERT INTO journey (user_id, process_instance_id, started_at, journeys_started) VALUES (?, NULL, ?, 0)",
                userId, Timestamp.from(now));
    }

    void started(String userId, String processInstanceId, Instant now) {
        jdbc.update("""
                UPDATE journey SET process_instance_id = ?, started_at = ?, journeys_started = journeys_started + 1
                WHERE user_id = ?""", processInstanceId, Timestamp.from(now), userId);
    }

    void rekey(String fromUserId, String toUserId) {
        jdbc.update("UPDATE journey SET user_id = ? WHERE user_id = ?", toUserId, fromUserId);
    }

    /** The user's row, whose journey ended, names another user's running journey instead, and that user's row goes. */
    void takeOver(String fromUserId, String toUserId) {
        Map<String, Object> taken = jdbc.queryForMap(
                "SELECT process_instance_id, started_at, journeys_started FROM journey WHERE user_id = ?", fromUserId);
        jdbc.update("""
                UPDATE journey SET process_instance_id = ?, started_at = ?, journeys_started = journeys_started + ?
                WHERE user_id = ?""", taken.get("process_instance_id"), taken.get("started_at"),
                taken.get("journeys_started"), toUserId);
        forget(fromUserId);
    }

    void forget(String userId) {
        jdbc.update("DELETE FROM journey WHERE user_id = ?", userId);
    }

    void ended(String userId, String processInstanceId) {
        jdbc.update("UPDATE journey SET process_instance_id = NULL WHERE user_id = ? AND process_instance_id = ?",
                userId, processInstanceId);
    }
}
