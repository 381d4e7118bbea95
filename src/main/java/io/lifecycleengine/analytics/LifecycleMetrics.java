package io.lifecycleengine.analytics;

import io.lifecycleengine.analytics.MetricReports.BehaviorConversion;
import io.lifecycleengine.analytics.MetricReports.SegmentEngagement;
import io.lifecycleengine.segment.SegmentService;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    /** Aliases followed back or forth from one transition: a chain of merges is short, a cycle impossible but bounded. */
    private static final int MAX_MERGES = 16;

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
    record HoursToConversion(int conversions, List<Double> fromFirstSeen, List<Double> fromHighIntent) {
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

    /**
     * Per behavior: entries into high intent in the period, and those whose next transition was a conversion within the
     * window. A journey that an alias carried on as the surviving user's ({@code SegmentService.takeOver}) made no
     * entry by it: the entry's next transition is the journey's next one, as the surviving user's.
     */
    List<BehaviorConversion> conversion(Period period, Population population, Duration window) {
        List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(period.start()), Timestamp.from(period.end())));
        arguments.addAll(population.arguments());
        List<Entry> entries = jdbc.query("""
                SELECT e.reason, e.occurred_at, n.to_segment AS next_to, n.reason AS next_reason, n.occurred_at AS next_at,
                       n.journey_id AS next_journey
                FROM segment_transition e
                LEFT JOIN segment_transition n ON n.id = (SELECT MIN(x.id) FROM segment_transition x
                    WHERE x.user_id = e.user_id AND x.dimension = 'lifecycle' AND x.id > e.id)
                WHERE e.dimension = 'lifecycle' AND e.to_segment = 'HIGH_INTENT' AND e.occurred_at >= ? AND e.occurred_at < ?
                  AND (e.from_segment IS NULL OR e.from_segment <> '%s') AND %s""".formatted(SegmentService.MERGED,
                population.condition("e.user_id")), (rs, row) -> new Entry(rs.getString("reason"),
                rs.getTimestamp("occurred_at").toInstant(), next(rs)), arguments.toArray());
        Map<String, long[]> byBehavior = new TreeMap<>();
        for (Entry entry : entries) {
            String behavior = entry.reason().startsWith(INTENT_REASON) ? entry.reason().substring(INTENT_REASON.length()) : "other";
            long[] counts = byBehavior.computeIfAbsent(behavior, b -> new long[2]);
            counts[0]++;
            Next next = entry.next();
            for (int merges = 0; next != null && next.to().equals(SegmentService.MERGED) && merges < MAX_MERGES; merges++) {
                next = nextAfterTakeOver(next);
            }
            if (next != null && next.reason().startsWith("converted")
                    && !next.at().isAfter(entry.at().plus(window))) {
                counts[1]++;
            }
        }
        return byBehavior.entrySet().stream().map(entry -> new BehaviorConversion(entry.getKey(), entry.getValue()[0],
                entry.getValue()[1], ratio(entry.getValue()[1], entry.getValue()[0]))).toList();
    }

    private record Entry(String reason, Instant at, Next next) {
    }

    /** A lifecycle transition after another: where to, why, when, and by which journey. */
    private record Next(String to, String reason, Instant at, String journeyId) {
    }

    private static Next next(ResultSet rs) throws SQLException {
        Timestamp at = rs.getTimestamp("next_at");
        return at == null ? null : new Next(rs.getString("next_to"), rs.getString("next_reason"), at.toInstant(),
                rs.getString("next_journey"));
    }

    /**
     * The transition after the one by which the surviving user of an alias entered the stage of the journey they took
     * over, at the time the merged user left it for MERGED; null when the journey ended there (both users had one).
     */
    private Next nextAfterTakeOver(Next toMerged) {
        if (toMerged.journeyId() == null) {
            return null;
        }
        return jdbc.query("""
                SELECT n.to_segment AS next_to, n.reason AS next_reason, n.occurred_at AS next_at, n.journey_id AS next_journey
                FROM segment_transition t
                JOIN segment_transition n ON n.id = (SELECT MIN(x.id) FROM segment_transition x
                    WHERE x.user_id = t.user_id AND x.dimension = 'lifecycle' AND x.id > t.id)
                WHERE t.dimension = 'lifecycle' AND t.to_segment = 'HIGH_INTENT' AND t.occurred_at = ? AND t.from_segment = ?
                  AND t.journey_id = ?""", (rs, row) -> next(rs), Timestamp.from(toMerged.at()), SegmentService.MERGED,
                toMerged.journeyId()).stream().findFirst().orElse(null);
    }

    /**
     * Hours from the last entry into high intent, which, for a journey an alias carried on, the merged user made; and
     * from the first event, which for a user merged away since is in the profile they were merged into.
     */
    HoursToConversion timeToConversion(Period period, Population population) {
        List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(period.start()), Timestamp.from(period.end())));
        arguments.addAll(population.arguments());
        List<Double> fromFirstSeen = new ArrayList<>();
        List<Double> fromHighIntent = new ArrayList<>();
        List<Conversion> conversions = jdbc.query("""
                SELECT c.occurred_at, COALESCE(p.first_seen_at, s.first_seen_at) AS first_seen_at,
                       h.from_segment AS entered_from, h.occurred_at AS entered_at, h.journey_id AS entered_by
                FROM segment_transition c LEFT JOIN behavior_profile p ON p.user_id = c.user_id
                LEFT JOIN identity_link l ON l.from_id = c.user_id LEFT JOIN behavior_profile s ON s.user_id = l.to_id
                LEFT JOIN segment_transition h ON h.id = (SELECT MAX(x.id) FROM segment_transition x WHERE x.user_id = c.user_id
                    AND x.dimension = 'lifecycle' AND x.to_segment = 'HIGH_INTENT' AND x.id < c.id)
                WHERE c.dimension = 'lifecycle' AND c.reason LIKE ? AND c.occurred_at >= ? AND c.occurred_at < ? AND %s"""
                .formatted(population.condition("c.user_id")), (rs, row) -> new Conversion(rs.getTimestamp("occurred_at").toInstant(),
                rs.getTimestamp("first_seen_at"), new HighIntentEntry(rs.getString("entered_from"),
                rs.getTimestamp("entered_at"), rs.getString("entered_by"))), prepend(CONVERTED_REASON, arguments));
        for (Conversion conversion : conversions) {
            if (conversion.firstSeen() != null) {
                fromFirstSeen.add(hours(conversion.firstSeen().toInstant(), conversion.at()));
            }
            HighIntentEntry entered = conversion.entered();
            for (int merges = 0; entered != null && SegmentService.MERGED.equals(entered.from()) && merges < MAX_MERGES;
                 merges++) {
                entered = entryBeforeTakeOver(entered);
            }
            if (entered != null && entered.at() != null) {
                fromHighIntent.add(hours(entered.at().toInstant(), conversion.at()));
            }
        }
        return new HoursToConversion(conversions.size(), fromFirstSeen, fromHighIntent);
    }

    /**
     * The merged user's last entry into high intent (from, at, journey) before they left it for MERGED when the
     * surviving user took their journey over at the given time; null when there is none.
     */
    private HighIntentEntry entryBeforeTakeOver(HighIntentEntry takenOver) {
        if (takenOver.journeyId() == null) {
            return null;
        }
        return jdbc.query("""
                SELECT h.from_segment, h.occurred_at, h.journey_id FROM segment_transition m
                JOIN segment_transition h ON h.id = (SELECT MAX(x.id) FROM segment_transition x WHERE x.user_id = m.user_id
                    AND x.dimension = 'lifecycle' AND x.to_segment = 'HIGH_INTENT' AND x.id < m.id)
                WHERE m.dimension = 'lifecycle' AND m.to_segment = ? AND m.from_segment = 'HIGH_INTENT' AND m.occurred_at = ?
                  AND m.journey_id = ?""", (rs, row) -> new HighIntentEntry(rs.getString(1), rs.getTimestamp(2),
                rs.getString(3)), SegmentService.MERGED, takenOver.at(), takenOver.journeyId()).stream().findFirst().orElse(null);
    }

    private record Conversion(Instant at, Timestamp firstSeen, HighIntentEntry entered) {
    }

    /** An entry into high intent: from where, when (null: none), by which journey. */
    private record HighIntentEntry(String from, Timestamp at, String journeyId) {
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
