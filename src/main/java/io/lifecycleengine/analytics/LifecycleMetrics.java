package io.lifecycleengine.analytics;

import io.lifecycleengine.analytics.MetricReports.BehaviorConversion;
import io.lifecycleengine.analytics.MetricReports.SegmentEngagement;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Engagement, churn, reactivation and conversion, from the transition history and the daily activity buckets. */
@Component
class LifecycleMetrics {

    private static final String INTENT_REASON = "intent: ";
    private static final String CONVERTED_REASON = "converted%";
    private static final String NOT_YET_LOST = "'NEW', 'ACTIVE', 'HIGH_INTENT'";
    private static final String LOST = "'INACTIVE', 'CHURNED'";

    private final JdbcTemplate jdbc;

    LifecycleMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Each member's events in the period come from an index lookup, so the cost grows with the members only. */
    List<SegmentEngagement> engagement(Period period, Population population) {
        Membership.Query atEnd = Membership.at(period.end());
        List<Object> arguments = new ArrayList<>(List.of(Date.valueOf(period.from()), Date.valueOf(period.to())));
        arguments.addAll(atEnd.arguments());
        arguments.addAll(population.arguments());
        return jdbc.query("""
                SELECT dimension, segment, COUNT(*) AS members, COUNT(events) AS active, COALESCE(SUM(events), 0) AS events
                FROM (SELECT m.dimension, m.segment,
                             (SELECT SUM(d.events) FROM profile_active_day d WHERE d.user_id = m.user_id
                                AND d.activity_date >= ? AND d.activity_date <= ?) AS events
                      FROM (%s) m WHERE %s) x
                GROUP BY dimension, segment ORDER BY dimension, segment""".formatted(atEnd.sql(),
                population.condition("m.user_id")), (rs, row) -> {
            long members = rs.getLong("members");
            long active = rs.getLong("active");
            return new SegmentEngagement(rs.getString("dimension"), rs.getString("segment"), members, active,
                    ratio(active, members), ratio(rs.getLong("events"), members));
        }, arguments.toArray());
    }

    /** A count among a base of users. */
    record Counted(long base, long count) {
    }

    /** Hours to each conversion in the period, from the user's first event and from entering high intent. */
    record HoursToConversion(List<Double> fromFirstSeen, List<Double> fromHighIntent) {
    }

    /**
     * Users NEW, ACTIVE or HIGH_INTENT at the start, and those of them who churned in the period. Only users whose
     * stage changed since the start can have churned in it, so only their changes are read.
     */
    Counted churn(Period period, Population population) {
        Membership.Query unchanged = Membership.unchangedSince(period.start(), Membership.LIFECYCLE);
        Membership.Query changed = Membership.changedSince(period.start(), Membership.LIFECYCLE,
                new Membership.ChangeCondition("churned", "to_segment = 'CHURNED' AND occurred_at < ?",
                        List.of(Timestamp.from(period.end()))));
        return counted("churned", unchanged, changed, "c.segment IN (" + NOT_YET_LOST + ")", NOT_YET_LOST, population);
    }

    /**
     * Users INACTIVE or CHURNED at the start or who became so in the period, and those of them who came back to
     * ACTIVE from there in the period. As for churn, only the changes since the start are read.
     */
    Counted reactivation(Period period, Population population) {
        List<Object> end = List.of(Timestamp.from(period.end()));
        Membership.Query unchanged = Membership.unchangedSince(period.start(), Membership.LIFECYCLE);
        Membership.Query changed = Membership.changedSince(period.start(), Membership.LIFECYCLE,
                new Membership.ChangeCondition("became_lost", "to_segment IN (" + LOST + ") AND occurred_at < ?", end),
                new Membership.ChangeCondition("reactivated",
                        "from_segment IN (" + LOST + ") AND to_segment = 'ACTIVE' AND occurred_at < ?", end));
        return counted("reactivated", unchanged, changed, "(c.segment IN (" + LOST + ") OR c.became_lost = 1)", LOST,
                population);
    }

    /**
     * The base (unchanged users in one of {@code stagesAtStart}, and changed users meeting {@code changedInBase}) and
     * how many of them have the flag {@code counted}; unchanged users have no change to meet it.
     */
    private Counted counted(String counted, Membership.Query unchanged, Membership.Query changed, String changedInBase,
                            String stagesAtStart, Population population) {
        List<Object> arguments = new ArrayList<>(unchanged.arguments());
        arguments.addAll(population.arguments());
        arguments.addAll(changed.arguments());
        arguments.addAll(population.arguments());
        return jdbc.queryForObject("""
                SELECT COUNT(*) AS base, COALESCE(SUM(flag), 0) AS counted
                FROM (SELECT 0 AS flag FROM (%s) u WHERE u.segment IN (%s) AND %s
                      UNION ALL
                      SELECT c.%s FROM (%s) c WHERE %s AND %s) b""".formatted(
                unchanged.sql(), stagesAtStart, population.condition("u.user_id"),
                counted, changed.sql(), changedInBase, population.condition("c.user_id")),
                (rs, row) -> new Counted(rs.getLong("base"), rs.getLong("counted")), arguments.toArray());
    }

    /** Per behavior: entries into high intent in the period, and those whose next transition was a conversion within the window. */
    List<BehaviorConversion> conversion(Period period, Population population, Duration window) {
        List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(period.start()), Timestamp.from(period.end())));
        arguments.addAll(population.arguments());
        Map<String, long[]> byBehavior = new TreeMap<>();
        jdbc.query("""
                SELECT e.reason, e.occurred_at, n.reason AS next_reason, n.occurred_at AS next_at
                FROM segment_transition e
                LEFT JOIN segment_transition n ON n.id = (SELECT MIN(x.id) FROM segment_transition x
                    WHERE x.user_id = e.user_id AND x.dimension = 'lifecycle' AND x.id > e.id)
                WHERE e.dimension = 'lifecycle' AND e.to_segment = 'HIGH_INTENT' AND e.occurred_at >= ? AND e.occurred_at < ?
                  AND %s""".formatted(population.condition("e.user_id")), rs -> {
            String reason = rs.getString("reason");
            String behavior = reason.startsWith(INTENT_REASON) ? reason.substring(INTENT_REASON.length()) : "other";
            long[] counts = byBehavior.computeIfAbsent(behavior, b -> new long[2]);
            counts[0]++;
            Timestamp nextAt = rs.getTimestamp("next_at");
            String nextReason = rs.getString("next_reason");
            if (nextReason != null && nextReason.startsWith("converted")
                    && !nextAt.toInstant().isAfter(rs.getTimestamp("occurred_at").toInstant().plus(window))) {
                counts[1]++;
            }
        }, arguments.toArray());
        return byBehavior.entrySet().stream().map(entry -> new BehaviorConversion(entry.getKey(), entry.getValue()[0],
                entry.getValue()[1], ratio(entry.getValue()[1], entry.getValue()[0]))).toList();
    }

    HoursToConversion timeToConversion(Period period, Population population) {
        List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(period.start()), Timestamp.from(period.end())));
        arguments.addAll(population.arguments());
        List<Double> fromFirstSeen = new ArrayList<>();
        List<Double> fromHighIntent = new ArrayList<>();
        jdbc.query("""
                SELECT c.occurred_at, p.first_seen_at,
                       (SELECT MAX(h.occurred_at) FROM segment_transition h WHERE h.user_id = c.user_id
                          AND h.dimension = 'lifecycle' AND h.to_segment = 'HIGH_INTENT' AND h.id < c.id) AS entered_at
                FROM segment_transition c LEFT JOIN behavior_profile p ON p.user_id = c.user_id
                WHERE c.dimension = 'lifecycle' AND c.reason LIKE ? AND c.occurred_at >= ? AND c.occurred_at < ? AND %s"""
                .formatted(population.condition("c.user_id")), rs -> {
            Instant converted = rs.getTimestamp("occurred_at").toInstant();
            Timestamp firstSeen = rs.getTimestamp("first_seen_at");
            Timestamp entered = rs.getTimestamp("entered_at");
            if (firstSeen != null) {
                fromFirstSeen.add(hours(firstSeen.toInstant(), converted));
            }
            if (entered != null) {
                fromHighIntent.add(hours(entered.toInstant(), converted));
            }
        }, prepend(CONVERTED_REASON, arguments));
        return new HoursToConversion(fromFirstSeen, fromHighIntent);
    }

    private static Object[] prepend(Object first, List<Object> rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray();
    }

    private static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / 3600.0;
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }
}
