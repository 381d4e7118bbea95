package io.lifecycleengine.analytics;

import io.lifecycleengine.analytics.Snapshot.Count;
import io.lifecycleengine.segment.LifecycleStage;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Grouped counts over the current state and the transition history. */
@Component
class SnapshotQueries {

    private final JdbcTemplate jdbc;

    SnapshotQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Count> lifecycleTransitions(Instant since, Instant until, Population population) {
        List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(since), Timestamp.from(until)));
        arguments.addAll(population.arguments());
        return counts("""
                SELECT COALESCE(from_segment, 'none'), to_segment, COUNT(*) FROM segment_transition
                WHERE dimension = 'lifecycle' AND occurred_at >= ? AND occurred_at < ? AND %s
                GROUP BY from_segment, to_segment ORDER BY 3 DESC""".formatted(population.condition("user_id")),
                arguments.toArray());
    }

    List<Count> messages() {
        return counts("SELECT kind, status, COUNT(*) FROM message_outbox GROUP BY kind, status ORDER BY 1, 2");
    }

    /**
     * Each stage's size at the end of each of the given days: today's size less the entries and plus the
     * exits after that day, so only the transitions since the first day are read.
     */
    Map<String, List<Long>> stageSizes(List<LocalDate> days, Population population) {
        Map<String, Long> current = new HashMap<>();
        jdbc.query("SELECT segment, COUNT(*) FROM segment_membership WHERE dimension = 'lifecycle' AND %s GROUP BY segment"
                .formatted(population.condition("user_id")), rs -> {
            current.put(rs.getString(1), rs.getLong(2));
        }, population.arguments().toArray());
        Map<String, TreeMap<LocalDate, Long>> change = new HashMap<>();
        List<Object> arguments = new ArrayList<>(List.of(Timestamp.from(days.get(0).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())));
        arguments.addAll(population.arguments());
        jdbc.query("""
                SELECT to_segment, from_segment, occurred_at FROM segment_transition
                WHERE dimension = 'lifecycle' AND occurred_at >= ? AND %s""".formatted(population.condition("user_id")), rs -> {
            LocalDate day = rs.getTimestamp(3).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
            change.computeIfAbsent(rs.getString(1), stage -> new TreeMap<>()).merge(day, 1L, Long::sum);
            if (rs.getString(2) != null) {
                change.computeIfAbsent(rs.getString(2), stage -> new TreeMap<>()).merge(day, -1L, Long::sum);
            }
        }, arguments.toArray());
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            TreeMap<LocalDate, Long> changes = change.getOrDefault(stage.name(), new TreeMap<>());
            long now = current.getOrDefault(stage.name(), 0L);
            List<Long> series = new ArrayList<>();
            for (LocalDate day : days) {
                series.add(now - changes.tailMap(day, false).values().stream().mapToLong(Long::longValue).sum());
            }
            sizes.put(stage.name(), series);
        }
        return sizes;
    }

    /**
     * Lifecycle transitions per from and to stage with an id above the given one that {@code countOnce} lets through,
     * and the highest id read.
     */
    TransitionTotals transitionsAfter(long afterId, LongPredicate countOnce) {
        Map<List<String>, Long> counts = new HashMap<>();
        long[] highest = {afterId};
        jdbc.query("""
                SELECT id, COALESCE(from_segment, 'none'), to_segment FROM segment_transition
                WHERE id > ? AND dimension = 'lifecycle'""", rs -> {
            long id = rs.getLong(1);
            if (countOnce.test(id)) {
                counts.merge(List.of(rs.getString(2), rs.getString(3)), 1L, Long::sum);
            }
            highest[0] = Math.max(highest[0], id);
        }, afterId);
        return new TransitionTotals(counts, highest[0]);
    }

    long highestTransitionId() {
        Long highest = jdbc.queryForObject("SELECT MAX(id) FROM segment_transition", Long.class);
        return highest == null ? 0 : highest;
    }

    record TransitionTotals(Map<List<String>, Long> counts, long highestId) {
    }

    private List<Count> counts(String sql, Object... arguments) {
        return jdbc.query(sql, (rs, row) -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3)), arguments);
    }
}
