package io.lifecycleengine.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * While the database is away, every scheduled task (signal retries, write-key reloads, send recovery, migration
 * checks, analytics) fails each time it runs: one WARN line each, not a stack trace of a hundred lines every few
 * seconds that buries the rest of the log. Any other failure keeps its stack trace.
 */
@Configuration
class ScheduledTaskErrors {

    private static final Logger log = LoggerFactory.getLogger(ScheduledTaskErrors.class);

    @Bean
    ThreadPoolTaskSchedulerCustomizer databaseAwayInOneLine() {
        return scheduler -> scheduler.setErrorHandler(ScheduledTaskErrors::handle);
    }

    static void handle(Throwable failure) {
        if (DatabaseAway.is(failure)) {
            log.warn("Scheduled task failed, the database is unavailable: {}", failure.getMessage());
        } else {
            log.error("Unexpected error occurred in scheduled task", failure);
        }
    }
}
