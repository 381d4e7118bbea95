package io.lifecycleengine.segment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import io.lifecycleengine.system.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Segment memberships (one per user and dimension) and the transition history. */
@Repository
class SegmentRepository {

    private final JdbcTemplate jdbc;

    SegmentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads the user's segment of a dimension and locks the row until the transaction ends. */
    Optional<String> segmentForUpdate(String userId, String dimension) {
        List<String> rows = jdbc.queryForList(
                "SELECT segment FROM segment_membership WHERE user_id = ? AND dimension = ? FOR UPDATE",
                String.class, userId, dimension);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    Optional<StageMembership> stageMembership(String userId) {
        List<StageMembership> rows = jdbc.query(
                "SELECT segment, since FROM segment_membership WHERE user_id = ? AND dimension = ?",
                (rs, n) -> new StageMembership(userId, LifecycleStage.valueOf(rs.getString("segment")),
                        rs.getTimestamp("since").toInstant()),
                userId, LifecycleStage.DIMENSION);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    void saveMembership(String userId, String dimension, String segment, Instant since, boolean exists) {
        if (exists) {
            jdbc.update("UPDATE segment_membership SET segment = ?, since = ? WHERE user_id = ? AND dimension = ?",
                    segment, Timestamp.from(since), userId, dimension);
        } else {
            jdbc.update("INSERT INTO segment_membership (user_id, dimension, segment, since) VALUES (?, ?, ?, ?)",
                    userId, dimension, segment, Timestamp.from(since));
        }
    }

    void moveMemberships(String fromUserId, String toUserId) {
        jdbc.update("UPDATE segment_membership SET user_id = ? WHERE user_id = ?", toUserId, fromUserId);
    }

    void deleteMemberships(String userId) {
        jdbc.update("DELETE FROM segment_membership WHERE user_id = ?", userId);
    }

    void moveTransitions(String fromUserId, String toUserId) {
        jdbc.update("UPDATE segment_transition SET user_id = ? WHERE user_id = ?", toUserId, fromUserId);
    }

    long insertTransition(String userId, String dimension, String from, String to, Instant at, String reason,
                          String journeyId) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason, journey_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS);
            statement.setString(1, userId);
            statement.setString(2, dimension);
            statement.setString(3, from);
            statement.setString(4, to);
            statement.setTimestamp(5, Timestamp.from(at));
            statement.setString(6, reason);
            statement.setString(7, journeyId);
            return statement;
        }, key);
        return key.getKey().longValue();
    }

    Optional<Long> latestTransitionId(String userId, String dimension) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(id) FROM segment_transition WHERE user_id = ? AND dimension = ?",
                Long.class, userId, dimension));
    }

    List<Transition> transitions(String userId, String dimension) {
        return jdbc.query("""
                SELECT id, user_id, dimension, from_segment, to_segment, occurred_at, reason, journey_id
                FROM segment_transition WHERE user_id = ? AND dimension = ? ORDER BY id""",
                this::mapTransition, userId, dimension);
    }

    void forEachTransition(String dimension, Consumer<Transition> each) {
        jdbc.query("""
                SELECT id, user_id, dimension, from_segment, to_segment, occurred_at, reason, journey_id
                FROM segment_transition WHERE dimension = ? ORDER BY occurred_at, id""",
                rs -> {
                    each.accept(mapTransition(rs, 0));
                }, dimension);
    }

    Map<String, String> memberships(String userId) {
        Map<String, String> memberships = new TreeMap<>();
        jdbc.query("SELECT dimension, segment FROM segment_membership WHERE user_id = ?",
                rs -> {
                    memberships.put(rs.getString("dimension"), rs.getString("segment"));
                }, userId);
        return memberships;
    }

    Map<String, String> segmentsOf(Collection<String> userIds, String dimension) {
        Map<String, String> segments = new HashMap<>();
        if (userIds.isEmpty()) {
            return segments;
        }
        List<Object> args = new ArrayList<>(userIds);
        args.add(dimension);
        jdbc.query("SELECT user_id, segment FROM segment_membership WHERE user_id IN ("
                + Sql.placeholders(userIds.size()) + ") AND dimension = ?",
                rs -> {
                    segments.put(rs.getString("user_id"), rs.getString("segment"));
                }, args.toArray());
        return segments;
    }

    /** Memberships of many users, locked, read in user order so that concurrent calls lock alike. */
    Map<String, Map<String, String>> membershipsOfAll(Collection<String> userIds) {
        Map<String, Map<String, String>> memberships = new HashMap<>();
        if (userIds.isEmpty()) {
            return memberships;
        }
        jdbc.query("SELECT user_id, dimension, segment FROM segment_membership WHERE user_id IN ("
                + Sql.placeholders(userIds.size()) + ") ORDER BY user_id, dimension FOR UPDATE",
                rs -> {
                    memberships.computeIfAbsent(rs.getString("user_id"), u -> new HashMap<>())
                            .put(rs.getString("dimension"), rs.getString("segment"));
                }, userIds.toArray());
        return memberships;
    }

    /** Rows of (segment, since, user, dimension). */
    void saveMemberships(List<Object[]> updates, List<Object[]> inserts) {
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE segment_membership SET segment = ?, since = ? WHERE user_id = ? AND dimension = ?",
                    updates);
        }
        if (!inserts.isEmpty()) {
            Sql.insertRows(jdbc, "INSERT INTO segment_membership (segment, since, user_id, dimension) VALUES", inserts, "");
        }
    }

    /** Rows of (user, dimension, from, to, at, reason), without a journey. */
    void insertTransitions(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            Sql.insertRows(jdbc, "INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, "
                    + "reason) VALUES", rows, "");
        }
    }

    Map<String, Map<String, Long>> allSizes() {
        Map<String, Map<String, Long>> sizes = new TreeMap<>();
        jdbc.query("SELECT dimension, segment, COUNT(*) AS members FROM segment_membership GROUP BY dimension, segment",
                rs -> {
                    sizes.computeIfAbsent(rs.getString("dimension"), d -> new TreeMap<>())
                            .put(rs.getString("segment"), rs.getLong("members"));
                });
        return sizes;
    }

    Optional<Instant> lastEntered(String dimension, String segment) {
        Timestamp last = jdbc.queryForObject(
                "SELECT MAX(occurred_at) FROM segment_transition WHERE dimension = ? AND to_segment = ?",
                Timestamp.class, dimension, segment);
        return Optional.ofNullable(last).map(Timestamp::toInstant);
    }

    boolean hasMembers(String dimension) {
        return !jdbc.query("SELECT 1 FROM segment_membership WHERE dimension = ? LIMIT 1", (rs, row) -> 1, dimension).isEmpty();
    }

    long countMembers(String dimension, String segment) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM segment_membership WHERE dimension = ? AND segment = ?",
                Long.class, dimension, segment);
        return count == null ? 0 : count;
    }

    List<Member> members(String dimension, String segment, long offset, int limit) {
        return jdbc.query("""
                SELECT user_id, since FROM segment_membership WHERE dimension = ? AND segment = ?
                ORDER BY user_id LIMIT ? OFFSET ?""",
                (rs, n) -> new Member(rs.getString("user_id"), rs.getTimestamp("since").toInstant()),
                dimension, segment, limit, offset);
    }

    List<Member> membersAfter(String dimension, String segment, String afterUserId, int limit) {
        return jdbc.query("""
                SELECT user_id, since FROM segment_membership WHERE dimension = ? AND segment = ? AND user_id > ?
                ORDER BY user_id LIMIT ?""",
                (rs, n) -> new Member(rs.getString("user_id"), rs.getTimestamp("since").toInstant()),
                dimension, segment, afterUserId, limit);
    }

    Map<String, Long> sizes(String dimension) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        jdbc.query("SELECT segment, COUNT(*) AS members FROM segment_membership WHERE dimension = ? GROUP BY segment",
                rs -> {
                    sizes.put(rs.getString("segment"), rs.getLong("members"));
                }, dimension);
        return sizes;
    }

    private Transition mapTransition(ResultSet rs, int row) throws SQLException {
        return new Transition(rs.getLong("id"), rs.getString("user_id"), rs.getString("dimension"),
                rs.getString("from_segment"), rs.getString("to_segment"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("reason"), rs.getString("journey_id"));
    }
}
