package io.lifecycleengine.analytics;

import java.sql.Timestamp;
import java.time.Instant;
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

    /** Rows (user_id, dimension, segment) at the instant; with {@code lifecycleOnly}, the lifecycle stage alone. */
    static Query at(Instant instant, boolean lifecycleOnly) {
        Timestamp at = Timestamp.from(instant);
        String dimension = lifecycleOnly ? " AND dimension = '" + LIFECYCLE + "'" : "";
        String transitionDimension = lifecycleOnly ? " AND t.dimension = '" + LIFECYCLE + "'" : "";
        return new Query("""
                SELECT user_id, dimension, segment FROM segment_membership WHERE since < ?%s
                UNION ALL
                SELECT t.user_id, t.dimension, t.from_segment FROM segment_transition t
                WHERE t.occurred_at >= ?%s AND t.from_segment IS NOT NULL
                  AND t.id = (SELECT MIN(x.id) FROM segment_transition x
                              WHERE x.user_id = t.user_id AND x.dimension = t.dimension AND x.occurred_at >= ?)"""
                .formatted(dimension, transitionDimension), List.of(at, at, at));
    }
}
