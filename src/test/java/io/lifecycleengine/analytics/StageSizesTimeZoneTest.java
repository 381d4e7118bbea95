package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.h2.util.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The dashboard's stage sizes per day are UTC days (docs/metrics.md), whatever the JVM's zone: the rest of the
 * engine binds instants as timestamps in the JVM's zone (see {@code Sql.bind}), and so must the stage sizes' cut-off.
 */
class StageSizesTimeZoneTest {

    @Test
    void stageSizesAtTheEndOfAUtcDayDoNotDependOnTheJvmsZone() {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        DateTimeUtils.resetCalendar();
        SingleConnectionDataSource database = new SingleConnectionDataSource(
                "jdbc:h2:mem:stage-sizes-tz;MODE=MySQL;DB_CLOSE_DELAY=-1", "sa", "", true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(database);
            jdbc.execute("""
                    CREATE TABLE segment_membership (user_id VARCHAR(255) NOT NULL, dimension VARCHAR(32) NOT NULL,
                      segment VARCHAR(64) NOT NULL, since DATETIME(3) NOT NULL, PRIMARY KEY (user_id, dimension))""");
            jdbc.execute("""
                    CREATE TABLE segment_transition (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id VARCHAR(255) NOT NULL,
                      dimension VARCHAR(32) NOT NULL, from_segment VARCHAR(64), to_segment VARCHAR(64) NOT NULL,
                      occurred_at DATETIME(3) NOT NULL, reason VARCHAR(255) NOT NULL, journey_id VARCHAR(64))""");
            // NEW on January 1st; ACTIVE at 03:00 UTC on January 2nd (still January 1st in New York)
            transition(jdbc, null, "NEW", "2020-01-01T10:00:00Z");
            transition(jdbc, "NEW", "ACTIVE", "2020-01-02T03:00:00Z");
            jdbc.update("INSERT INTO segment_membership (user_id, dimension, segment, since) VALUES ('u', 'lifecycle', 'ACTIVE', ?)",
                    Timestamp.from(Instant.parse("2020-01-02T03:00:00Z")));

            Map<String, List<Long>> sizes = new SnapshotQueries(jdbc).stageSizes(
                    List.of(LocalDate.parse("2020-01-01"), LocalDate.parse("2020-01-02")), Population.EVERYONE);

            assertThat(sizes.get("NEW")).as("NEW at the end of each UTC day").containsExactly(1L, 0L);
            assertThat(sizes.get("ACTIVE")).as("ACTIVE at the end of each UTC day").containsExactly(0L, 1L);
        } finally {
            database.destroy();
            TimeZone.setDefault(original);
            DateTimeUtils.resetCalendar();
        }
    }

    private static void transition(JdbcTemplate jdbc, String from, String to, String at) {
        jdbc.update("""
                INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
                VALUES ('u', 'lifecycle', ?, ?, ?, 'test')""", from, to, Timestamp.from(Instant.parse(at)));
    }
}
