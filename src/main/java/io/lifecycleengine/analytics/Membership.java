package io.lifecycleengine.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL for who was in which segment at an instant: the maintained memberships of users whose segment has
 * not changed since, and for the others the segment their first change after the instant left. The cost
 * grows with the changes after the instant, not with the whole history.
 */
final class Membership {

    static final String LIFECYCLE = "lifecycle";

    private Membership() {
    }

    /** A subquery and its parameters, in order. */
    record Query(String sql, List<Object> arguments) {
    }

    /** Rows (user_id, dimension, segment) at the instant, of every dimension. */
    static Query at(Instant instant) {
        Timestamp at = Timestamp.from(instant);
        return new Query("""
                SELECT user_id, dimension, segment FROM segment_membership WHERE since < ?
                UNION ALL
                SELECT t.user_id, t.dimension, t.from_segment FROM segment_transition t
                WHERE t.occurred_at >= ? AND t.from_segment IS NOT NULL
                  AND t.id = (SELECT MIN(x.id) FROM segment_transition x
                              WHERE x.user_id = t.user_id AND x.dimension = t.dimension AND x.occurred_at >= ?)""",
                List.of(at, at, at));
    }

    /** Rows (user_id, segment): the lifecycle stage of the users whose stage has not changed since the instant. */
    static Query lifecycleUnchangedSince(Instant instant) {
        return new Query("SELECT user_id, segment FROM segment_membership WHERE dimension = '" + LIFECYCLE + "' AND since < ?",
                List.of(Timestamp.from(instant)));
    }

    /** A condition on a lifecycle change ({@code from_segment}, {@code to_segment}, {@code occurred_at}) and its parameters. */
    record ChangeCondition(String name, String sql, List<Object> arguments) {
    }

    /**
     * Rows (user_id, segment, and a column per condition) for the users whose lifecycle stage changed at or after
     * the instant: the stage at the instant (the one their first change since left; null for users who came
     * later), and per condition 1 if any of their changes since meets it, else 0. Reads only the changes since
     * the instant, from an index that holds every column it needs.
     */
    static Query lifecycleChangedSince(Instant instant, ChangeCondition... anyChange) {
        StringBuilder flags = new StringBuilder();
        StringBuilder names = new StringBuilder();
        List<Object> arguments = new ArrayList<>();
        for (ChangeCondition condition : anyChange) {
            flags.append(",\n       MAX(CASE WHEN ").append(condition.sql()).append(" THEN 1 ELSE 0 END) OVER (PARTITION BY user_id) AS ")
                    .append(condition.name());
            names.append(", ").append(condition.name());
            arguments.addAll(condition.arguments());
        }
        arguments.add(Timestamp.from(instant));
        return new Query("""
                SELECT user_id, segment%s FROM (
                  SELECT user_id, from_segment AS segment, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY id) AS change_number%s
                  FROM segment_transition WHERE dimension = '%s' AND occurred_at >= ?) changes
                WHERE change_number = 1""".formatted(names, flags, LIFECYCLE), arguments);
    }
}
