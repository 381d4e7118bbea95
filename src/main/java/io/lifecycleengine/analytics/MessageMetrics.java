package io.lifecycleengine.analytics;

import io.lifecycleengine.analytics.MetricReports.Lift;
import io.lifecycleengine.analytics.MetricReports.MessagePerformance;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.system.Sql;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Per message kind: delivery outcomes, opens, clicks, purchases after the message, and lift over the holdout. */
@Component
class MessageMetrics {

    static final String HOLDOUT = "holdout";
    private static final double Z_95 = 1.959964;

    private final JdbcTemplate jdbc;
    private final ProfileService profiles;

    MessageMetrics(JdbcTemplate jdbc, ProfileService profiles) {
        this.jdbc = jdbc;
        this.profiles = profiles;
    }

    List<MessagePerformance> performance(Period period, Population population, Duration window) {
        List<String> purchases = new ArrayList<>(profiles.purchaseEventNames());
        if (purchases.isEmpty()) {
            purchases.add("");
        }
        List<Object> arguments = new ArrayList<>(purchases);
        arguments.add(Timestamp.from(period.start()));
        arguments.add(Timestamp.from(period.end()));
        arguments.addAll(population.arguments());
        Map<String, Tally> byKind = new TreeMap<>();
        jdbc.query("""
                SELECT o.kind, o.status, o.status_reason, o.created_at,
                       (SELECT COUNT(*) FROM message_status_history h WHERE h.outbox_id = o.id AND h.status = 'OPENED') AS opened,
                       (SELECT COUNT(*) FROM message_status_history h WHERE h.outbox_id = o.id AND h.status = 'CLICKED') AS clicked,
                       (SELECT MIN(e.event_time) FROM behavior_event e WHERE e.user_id = o.user_id
                          AND e.event_time >= o.created_at AND LOWER(e.name) IN (%s)) AS purchased_at
                FROM message_outbox o
                WHERE o.created_at >= ? AND o.created_at < ? AND %s""".formatted(
                Sql.placeholders(purchases.size()), population.condition("o.user_id")), rs -> {
            Tally tally = byKind.computeIfAbsent(rs.getString("kind"), kind -> new Tally());
            Instant created = rs.getTimestamp("created_at").toInstant();
            Timestamp purchased = rs.getTimestamp("purchased_at");
            boolean converted = purchased != null && purchased.toInstant().isBefore(created.plus(window));
            switch (rs.getString("status")) {
                case "SENT" -> {
                    tally.sent++;
                    tally.opened += rs.getLong("opened") > 0 ? 1 : 0;
                    tally.clicked += rs.getLong("clicked") > 0 ? 1 : 0;
                    tally.converted += converted ? 1 : 0;
                }
                case "SKIPPED" -> {
                    String reason = rs.getString("status_reason");
                    tally.skipped.merge(reason, 1L, Long::sum);
                    if (HOLDOUT.equals(reason)) {
                        tally.heldOutConverted += converted ? 1 : 0;
                    }
                }
                case "FAILED" -> tally.failed++;
                default -> {
                    // queued or being sent: not an outcome yet
                }
            }
        }, arguments.toArray());
        return byKind.entrySet().stream().map(entry -> entry.getValue().report(entry.getKey())).toList();
    }

    private static final class Tally {
        long sent;
        long failed;
        long opened;
        long clicked;
        long converted;
        long heldOutConverted;
        final Map<String, Long> skipped = new TreeMap<>();

        MessagePerformance report(String kind) {
            double rate = LifecycleMetrics.ratio(converted, sent);
            return new MessagePerformance(kind, sent, skipped, failed, opened, clicked, converted, rate,
                    lift(rate, skipped.getOrDefault(HOLDOUT, 0L)));
        }

        private Lift lift(double rate, long heldOut) {
            if (heldOut == 0 || sent == 0) {
                return new Lift(heldOut, heldOutConverted, null, null, null, null);
            }
            double heldOutRate = (double) heldOutConverted / heldOut;
            double difference = rate - heldOutRate;
            double error = Math.sqrt(rate * (1 - rate) / sent + heldOutRate * (1 - heldOutRate) / heldOut);
            return new Lift(heldOut, heldOutConverted, heldOutRate, difference, difference - Z_95 * error,
                    difference + Z_95 * error);
        }
    }
}
