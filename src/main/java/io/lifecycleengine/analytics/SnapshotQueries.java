package io.lifecycleengine.analytics;

import io.lifecycleengine.analytics.Snapshot.Count;
import io.lifecycleengine.segment.LifecycleStage;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Grouped counts over the current state and the transition history. */
@Component
class SnapshotQueries {

    private final JdbcTemplate jdbc;

    SnapshotQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Count> segmentMembers() {
        return counts("SELECT dimension, segment, COUNT(*) FROM segment_membership GROUP BY dimension, segment ORDER BY 1, 2");
    }

    List<Count> lifecycleTransitions() {
        return lifecycleTransitions(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), Population.EVERYONE);
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

    /** Each stage's size at the end of each of the given days: entries minus exits up to then. */
    Map<String, List<Long>> stageSizes(List<LocalDate> days, Population population) {
        Map<String, TreeMap<LocalDate, Long>> change = new HashMap<>();
        jdbc.query("""
                SELECT to_segment, CAST(occurred_at AS DATE), COUNT(*) FROM segment_transition
                WHERE dimension = 'lifecycle' AND %s GROUP BY to_segment, CAST(occurred_at AS DATE)"""
                .formatted(population.condition("user_id")), rs -> {
            change.computeIfAbsent(rs.getString(1), stage -> new TreeMap<>())
                    .merge(rs.getObject(2, LocalDate.class), rs.getLong(3), Long::sum);
        }, population.arguments().toArray());
        jdbc.query("""
                SELECT from_segment, CAST(occurred_at AS DATE), COUNT(*) FROM segment_transition
                WHERE dimension = 'lifecycle' AND from_segment IS NOT NULL AND %s
                GROUP BY from_segment, CAST(occurred_at AS DATE)""".formatted(population.condition("user_id")), rs -> {
            change.computeIfAbsent(rs.getString(1), stage -> new TreeMap<>())
                    .merge(rs.getObject(2, LocalDate.class), -rs.getLong(3), Long::sum);
        }, population.arguments().toArray());
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            TreeMap<LocalDate, Long> changes = change.getOrDefault(stage.name(), new TreeMap<>());
            List<Long> series = new ArrayList<>();
            for (LocalDate day : days) {
                series.add(changes.headMap(day, true).values().stream().mapToLong(Long::longValue).sum());
            }
            sizes.put(stage.name(), series);
        }
        return sizes;
    }

    private List<Count> counts(String sql, Object... arguments) {
        return jdbc.query(sql, (rs, row) -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3)), arguments);
    }
}
