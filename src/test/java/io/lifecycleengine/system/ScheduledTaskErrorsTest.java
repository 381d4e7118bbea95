package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifecycleengine.support.IntegrationTest;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** A scheduled task that finds the database away logs one line, not a stack trace at every run. */
@ExtendWith(OutputCaptureExtension.class)
class ScheduledTaskErrorsTest extends IntegrationTest {

    @Autowired
    private ThreadPoolTaskScheduler scheduler;

    @Test
    void theDatabaseAwayIsOneLine(CapturedOutput output) {
        scheduler.schedule(() -> {
            throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                    new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 30000ms"));
        }, Instant.now());

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("Failed to obtain JDBC Connection"));
        assertThat(output.getAll()).contains("Scheduled task failed, the database is unavailable: Failed to obtain JDBC Connection")
                .doesNotContain("Unexpected error occurred in scheduled task")
                .doesNotContain("Caused by: java.sql.SQLTransientConnectionException");
    }
}
