package io.lifecycleengine.analytics;

import io.lifecycleengine.analytics.MetricReports.Lift;
import io.lifecycleengine.analytics.MetricReports.MessagePerformance;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.system.Sql;
import java.sql.Timestamp;
import java.time.Duration;
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

    /**
     * One row per kind, status and reason, counted in the database. Opens, clicks and purchases are looked up only
     * for the rows whose outcome reads them (sent, or held out for a purchase): most rows of a busy outbox are
     * neither, and each lookup is an index probe per row.
     */
    List<MessagePerformance> performance(Period period, Population population, Duration window) {
        List<String> purchases = new ArrayList<>(profiles.purchaseEventNames());
        if (purchases.isEmpty()) {
            purchases.add("");
        }
        List<Object> arguments = new ArrayList<>();
        arguments.add(HOLDOUT);
        arguments.add(window.toSeconds());
        arguments.addAll(purchases);
        arguments.add(Timestamp.from(period.start()));
        arguments.add(Timestamp.from(period.end()));
        arguments.addAll(population.arguments());
        Map<String, Tally> byKind = new TreeMap<>();
        jdbc.query("""
                SELECT kind, status, status_reason, COUNT(*) AS messages,
                       SUM(opened) AS opened, SUM(clicked) AS clicked, SUM(converted) AS converted
                FROM (SELECT o.kind, o.status, o.status_reason,
                             CASE WHEN o.status <> 'SENT' THEN 0 WHEN EXISTS (SELECT 1 FROM message_status_history h
                                 WHERE h.outbox_id = o.id AND h.status = 'OPENED') THEN 1 ELSE 0 END AS opened,
                             CASE WHEN o.status <> 'SENT' THEN 0 WHEN EXISTS (SELECT 1 FROM message_status_history h
                                 WHERE h.outbox_id = o.id AND h.status = 'CLICKED') THEN 1 ELSE 0 END AS clicked,
                             CASE WHEN o.status = 'SENT' OR (o.status = 'SKIPPED' AND o.status_reason = ?) THEN
                                 CASE WHEN EXISTS (SELECT 1 FROM behavior_event e WHERE e.user_id = o.user_id
                                     AND e.event_time >= COALESCE(o.sent_at, o.created_at)
                                     AND e.event_time < TIMESTAMPADD(SECOND, ?, COALESCE(o.sent_at, o.created_at))
                                     AND LOWER(e.name) IN (%s)) THEN 1 ELSE 0 END
                             ELSE 0 END AS converted
                      FROM message_outbox o
                      WHERE o.created_at >= ? AND o.created_at < ? AND %s) outcomes
                GROUP BY kind, status, status_reason""".formatted(
                Sql.placeholders(purchases.size()), population.condition("o.user_id")), rs -> {
            Tally tally = byKind.computeIfAbsent(rs.getString("kind"), kind -> new Tally());
            long messages = rs.getLong("messages");
            switch (rs.getString("status")) {
                case "SENT" -> {
                    tally.sent += messages;
                    tally.opened += rs.getLong("opened");
                    tally.clicked += rs.getLong("clicked");
                    tally.converted += rs.getLong("converted");
                }
                case "SKIPPED" -> {
                    String reason = rs.getString("status_reason");
                    tally.skipped.merge(reason, messages, Long::sum);
                    if (HOLDOUT.equals(reason)) {
                        tally.heldOutConverted += rs.getLong("converted");
                    }
                }
                case "FAILED" -> tally.failed += messages;
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
