package io.lifecycleengine.analytics;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A small history written straight into the tables, in January 2020 so that no other test's data
 * falls into its periods. Users are named with a per-history prefix.
 */
class HandBuiltHistory {

    static final String MARKER = "test-history";

    private final JdbcTemplate jdbc;
    private final String prefix = "hb-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    HandBuiltHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    String user(String name) {
        return prefix + name;
    }

    /** Every user of this history is a current member of this segment, which filters metrics to them. */
    String segment() {
        return MARKER + ":" + prefix;
    }

    /** A transition, and the membership it leads to, as the engine keeps them together (write them in time order). */
    HandBuiltHistory transition(String user, String dimension, String from, String to, String at, String reason) {
        jdbc.update("""
                INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
                VALUES (?, ?, ?, ?, ?, ?)""", user(user), dimension, from, to, time(at), reason);
        jdbc.update("DELETE FROM segment_membership WHERE user_id = ? AND dimension = ?", user(user), dimension);
        jdbc.update("INSERT INTO segment_membership (user_id, dimension, segment, since) VALUES (?, ?, ?, ?)",
                user(user), dimension, to, time(at));
        return this;
    }

    HandBuiltHistory stage(String user, String from, String to, String at, String reason) {
        return transition(user, "lifecycle", from, to, at, reason);
    }

    /** A lifecycle transition made by the named journey. */
    HandBuiltHistory stage(String user, String from, String to, String at, String reason, String journey) {
        transition(user, "lifecycle", from, to, at, reason);
        jdbc.update("UPDATE segment_transition SET journey_id = ? WHERE id = (SELECT MAX(id) FROM segment_transition WHERE user_id = ?)",
                journey, user(user));
        return this;
    }

    /**
     * An alias as the engine writes it when the surviving user's journey was archived and the merged user's (the
     * journey of their latest lifecycle transition) runs on as theirs: {@code SegmentService.takeOver}.
     */
    HandBuiltHistory takeOver(String merged, String surviving, String at) {
        String journey = jdbc.queryForObject("""
                SELECT journey_id FROM segment_transition WHERE id = (SELECT MAX(id) FROM segment_transition
                  WHERE user_id = ? AND dimension = 'lifecycle')""", String.class, user(merged));
        String taken = stageOf(merged);
        String was = stageOf(surviving);
        jdbc.update("""
                INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason, journey_id)
                VALUES (?, 'lifecycle', ?, 'MERGED', ?, 'merged into another user', ?)""", user(merged), taken, time(at), journey);
        jdbc.update("DELETE FROM segment_membership WHERE user_id = ? AND dimension = 'lifecycle'", user(merged));
        jdbc.update("""
                INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
                VALUES (?, 'lifecycle', ?, 'MERGED', ?, 'took over the journey of a merged user')""", user(surviving), was, time(at));
        return stage(surviving, "MERGED", taken, at, "took over the journey of a merged user", journey);
    }

    private String stageOf(String user) {
        return jdbc.queryForObject("SELECT segment FROM segment_membership WHERE user_id = ? AND dimension = 'lifecycle'",
                String.class, user(user));
    }

    HandBuiltHistory membership(String user, String dimension, String segment) {
        jdbc.update("INSERT INTO segment_membership (user_id, dimension, segment, since) VALUES (?, ?, ?, ?)",
                user(user), dimension, segment, time("2020-01-01T00:00:00Z"));
        return this;
    }

    HandBuiltHistory profile(String user, String firstSeen) {
        jdbc.update("""
                INSERT INTO behavior_profile (user_id, first_seen_at, last_event_at, event_count, activity_count, page_views,
                  purchases, revenue, intent_signals, pricing_page_views, cart_adds, checkouts_started, demo_requests)
                VALUES (?, ?, ?, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0)""", user(user), time(firstSeen), time(firstSeen));
        return membership(user, MARKER, prefix);
    }

    HandBuiltHistory activeDay(String user, String day, int events) {
        jdbc.update("INSERT INTO profile_active_day (user_id, activity_date, events) VALUES (?, ?, ?)", user(user),
                Date.valueOf(LocalDate.parse(day)), events);
        return this;
    }

    HandBuiltHistory purchase(String user, String at) {
        jdbc.update("""
                INSERT INTO behavior_event (message_id, type, user_id, name, event_time, received_at, payload)
                VALUES (?, 'TRACK', ?, 'Order Completed', ?, ?, '{}')""", UUID.randomUUID().toString(), user(user),
                time(at), time(at));
        return this;
    }

    /** A message row with its status and the extra statuses of its history. */
    HandBuiltHistory message(String user, String kind, String status, String reason, String at, String... history) {
        jdbc.update("""
                INSERT INTO message_outbox (idempotency_key, user_id, kind, status, status_reason, attempts, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?)""", UUID.randomUUID().toString(), user(user), kind, status, reason,
                time(at), time(at));
        Long id = jdbc.queryForObject("SELECT MAX(id) FROM message_outbox WHERE user_id = ?", Long.class, user(user));
        for (String later : history) {
            jdbc.update("INSERT INTO message_status_history (outbox_id, status, at) VALUES (?, ?, ?)", id, later, time(at));
        }
        return this;
    }

    /** The user's latest message went out later than it was queued (its first attempts failed). */
    HandBuiltHistory sentAt(String user, String at) {
        jdbc.update("UPDATE message_outbox SET sent_at = ?, updated_at = ? WHERE id = (SELECT MAX(id) FROM message_outbox WHERE user_id = ?)",
                time(at), time(at), user(user));
        return this;
    }

    private static Timestamp time(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }
}
