package io.lifecycleengine.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL for who was in which segment at an instant, in two disjoint parts: the users whose segment has not changed
 * since (their maintained membership), and the users whose segment changed since (the segment their first change
 * after the instant left). The cost grows with the changes after the instant, not with the whole history, and a
 * question about changes after the instant need only look at the second part.
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
        Query unchanged = unchangedSince(instant, null);
        Query changed = changedSince(instant, null);
        List<Object> arguments = new ArrayList<>(unchanged.arguments());
        arguments.addAll(changed.arguments());
        return new Query("""
                %s
                UNION ALL
                SELECT c.user_id, c.dimension, c.segment FROM (%s) c WHERE c.segment IS NOT NULL"""
                .formatted(unchanged.sql(), changed.sql()), arguments);
    }

    /** Rows (user_id, dimension, segment) of the users whose segment has not changed since the instant; null: every dimension. */
    static Query unchangedSince(Instant instant, String dimension) {
        List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(instant)));
        if (dimension != null) {
            arguments.add(dimension);
        }
        return new Query("SELECT user_id, dimension, segment FROM segment_membership WHERE since < ?"
                + (dimension == null ? "" : " AND dimension = ?"), arguments);
    }

    /** A condition on a change ({@code from_segment}, {@code to_segment}, {@code occurred_at}) and its parameters. */
    record ChangeCondition(String name, String sql, List<Object> arguments) {
    }

    /**
     * Rows (user_id, dimension, segment, and a column per condition) for the users whose segment changed at or after
     * the instant: the segment at the instant (the one their first change since left; null for users who came
     * later), and per condition 1 if any of their changes since meets it, else 0. Reads only the changes since the
     * instant; with a dimension, from an index that holds every column it needs.
     *
     * @param dimension null: every dimension
     */
    static Query changedSince(Instant instant, String dimension, ChangeCondition... anyChange) {
        StringBuilder flags = new StringBuilder();
        StringBuilder names = new StringBuilder();
        List<Object> arguments = new ArrayList<>();
        for (ChangeCondition condition : anyChange) {
            flags.append(",\n       MAX(CASE WHEN ").append(condition.sql())
                    .append(" THEN 1 ELSE 0 END) OVER (PARTITION BY user_id, dimension) AS ").append(condition.name());
            names.append(", ").append(condition.name());
            arguments.addAll(condition.arguments());
        }
        arguments.add(Timestamp.from(instant));
        if (dimension != null) {
            arguments.add(dimension);
        }
        return new Query("""
                SELECT user_id, dimension, segment%s FROM (
                  SELECT user_id, dimension, from_segment AS segment,
                         ROW_NUMBER() OVER (PARTITION BY user_id, dimension ORDER BY id) AS change_number%s
                  FROM segment_transition WHERE occurred_at >= ?%s) changes
                WHERE change_number = 1""".formatted(names, flags, dimension == null ? "" : " AND dimension = ?"),
                arguments);
    }
}
