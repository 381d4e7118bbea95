package io.lifecycleengine.analytics;

/** SQL for who was in which segment at an instant, rebuilt from the transition history. */
final class Membership {

    static final String LIFECYCLE = "lifecycle";

    private Membership() {
    }

    /**
     * Rows (user_id, dimension, segment) of every user's segment at the instant bound to the first
     * parameter; with {@code lifecycleOnly}, the lifecycle stage alone.
     */
    static String at(boolean lifecycleOnly) {
        String dimension = lifecycleOnly ? " AND dimension = '" + LIFECYCLE + "'" : "";
        return """
                SELECT t.user_id, t.dimension, t.to_segment AS segment FROM segment_transition t
                JOIN (SELECT user_id, dimension, MAX(id) AS last_id FROM segment_transition
                      WHERE occurred_at < ?%s GROUP BY user_id, dimension) l ON l.last_id = t.id""".formatted(dimension);
    }
}
