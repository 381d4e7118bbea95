package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.h2.util.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Times written by {@link Sql#insertRows} are stored and read back as a {@code Timestamp} is, in any JVM zone. */
class SqlTimeTest extends IntegrationTest {

    @Test
    void anInstantIsStoredAsTheSameWallClockTimeAsATimestamp() throws Exception {
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        DateTimeUtils.resetCalendar(); // H2 keeps the zone it found first; a JVM started in that zone has it from the start
        try (Connection connection = DriverManager.getConnection(environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password", ""))) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            jdbc.execute("CREATE TABLE sql_time_probe (id INT PRIMARY KEY, at DATETIME(3))");
            try {
                Instant at = Instant.parse("2026-07-01T12:34:56Z");
                Sql.insertRows(jdbc, "INSERT INTO sql_time_probe (id, at) VALUES", List.<Object[]>of(new Object[] {1, at}), "");
                jdbc.update("INSERT INTO sql_time_probe (id, at) VALUES (?, ?)", 2, Timestamp.from(at));

                assertThat(jdbc.queryForList("SELECT id FROM sql_time_probe WHERE at = ? ORDER BY id", Integer.class,
                        "2026-07-01 08:34:56")).containsExactly(1, 2);
                assertThat(jdbc.query("SELECT at FROM sql_time_probe ORDER BY id", (rs, row) -> rs.getTimestamp(1).toInstant()))
                        .containsExactly(at, at);
            } finally {
                jdbc.execute("DROP TABLE sql_time_probe");
            }
        } finally {
            TimeZone.setDefault(jvmZone);
            DateTimeUtils.resetCalendar();
        }
    }
}
