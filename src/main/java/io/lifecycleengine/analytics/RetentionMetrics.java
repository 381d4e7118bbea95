package io.lifecycleengine.analytics;

import io.lifecycleengine.analytics.MetricReports.Cohort;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Weekly signup cohorts: users first seen in the period, grouped by the week (Monday, UTC) of their
 * first event; week k of a user is days 7k to 7k+6 after their first day.
 */
@Component
class RetentionMetrics {

    private final JdbcTemplate jdbc;

    RetentionMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Cohort> cohorts(Period period, Population population, int weeks, LocalDate today) {
        Map<String, LocalDate> firstDays = new HashMap<>();
        Map<String, BitSet> activeWeeks = new HashMap<>();
        List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(period.start()), Timestamp.from(period.end())));
        arguments.addAll(population.arguments());
        jdbc.query("""
                SELECT p.user_id, p.first_seen_at, d.activity_date FROM behavior_profile p
                LEFT JOIN profile_active_day d ON d.user_id = p.user_id
                WHERE p.first_seen_at >= ? AND p.first_seen_at < ? AND %s""".formatted(population.condition("p.user_id")),
                rs -> {
                    String user = rs.getString("user_id");
                    LocalDate first = firstDays.computeIfAbsent(user, u -> utcDate(rs, "first_seen_at"));
                    BitSet active = activeWeeks.computeIfAbsent(user, u -> new BitSet(weeks));
                    LocalDate day = rs.getObject("activity_date", LocalDate.class);
                    if (day != null) {
                        long week = ChronoUnit.DAYS.between(first, day) / 7;
                        if (week >= 0 && week < weeks) {
                            active.set((int) week);
                        }
                    }
                }, arguments.toArray());
        Map<LocalDate, CohortCounts> byCohort = new TreeMap<>();
        firstDays.forEach((user, first) -> {
            CohortCounts counts = byCohort.computeIfAbsent(first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    week -> new CohortCounts(weeks));
            counts.size++;
            BitSet active = activeWeeks.get(user);
            for (int week = active.nextSetBit(0); week >= 0; week = active.nextSetBit(week + 1)) {
                counts.active[week]++;
            }
            for (int week = 0; week < weeks && !first.plusDays(7L * week).isAfter(today); week++) {
                counts.reached[week]++;
            }
        });
        List<Cohort> cohorts = new ArrayList<>();
        byCohort.forEach((weekStart, counts) -> {
            List<Double> retention = new ArrayList<>();
            for (int week = 0; week < weeks; week++) {
                retention.add(counts.reached[week] == 0 ? null : LifecycleMetrics.ratio(counts.active[week], counts.reached[week]));
            }
            cohorts.add(new Cohort(weekStart, counts.size, retention));
        });
        return cohorts;
    }

    /** A cohort's members, and per week k those active in their week k and those whose week k has begun. */
    private static final class CohortCounts {
        private long size;
        private final long[] active;
        private final long[] reached;

        CohortCounts(int weeks) {
            active = new long[weeks];
            reached = new long[weeks];
        }
    }

    private static LocalDate utcDate(ResultSet rs, String column) {
        try {
            return rs.getTimestamp(column).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        } catch (SQLException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
