package io.lifecycleengine.journey;

import io.lifecycleengine.system.Sql;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps Camunda's history of running journeys bounded. Camunda removes a process's history its
 * time-to-live after the root process instance ends (removal-time strategy "end"); a journey runs as
 * long as its user, so its activity instances and the send processes it calls (whose root is the
 * journey) would pile up for years. Every night in the history cleanup window this deletes, for
 * journeys still running, the history rows that ended longer ago than the journey's
 * {@code historyTimeToLive}: a user's history is one time-to-live's worth, whatever the journey's age.
 * Ended journeys are left to Camunda's own cleanup.
 */
@Component
class JourneyHistoryTrim {

    private static final Logger log = LoggerFactory.getLogger(JourneyHistoryTrim.class);
    private static final int ROWS_PER_STATEMENT = 2_000;
    private static final String OUR_PROCESSES = "PROC_DEF_KEY_ IN ('" + JourneyProcess.PROCESS_KEY + "', '"
            + JourneyProcess.SEND_PROCESS_KEY + "')";

    private final JdbcTemplate jdbc;
    private final RepositoryService repository;
    private final Clock clock;

    JourneyHistoryTrim(JdbcTemplate jdbc, RepositoryService repository, Clock clock) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.clock = clock;
    }

    record Trimmed(long activityInstances, long processInstances) {
    }

    @Scheduled(cron = "${lifecycle.journey.history-trim-cron:0 30 1 * * *}", zone = "UTC")
    void nightly() {
        trim();
    }

    Trimmed trim() {
        ProcessDefinition journey = repository.createProcessDefinitionQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .latestVersion().singleResult();
        if (journey == null || journey.getHistoryTimeToLive() == null) {
            return new Trimmed(0, 0);
        }
        Timestamp cutoff = Timestamp.from(clock.instant().minus(Duration.ofDays(journey.getHistoryTimeToLive())));
        // REMOVAL_TIME_ is set once the root ends: only rows of running journeys are still without one
        long activities = deleteEndedBefore("ACT_HI_ACTINST", "", cutoff);
        long processes = deleteEndedBefore("ACT_HI_PROCINST", " AND ID_ <> ROOT_PROC_INST_ID_", cutoff);
        if (activities + processes > 0) {
            log.info("Journey history older than {} days trimmed: {} activity instances, {} called process instances",
                    journey.getHistoryTimeToLive(), activities, processes);
        }
        return new Trimmed(activities, processes);
    }

    private long deleteEndedBefore(String table, String condition, Timestamp cutoff) {
        long deleted = 0;
        List<String> ids;
        do {
            ids = jdbc.queryForList("SELECT ID_ FROM " + table + " WHERE END_TIME_ < ? AND REMOVAL_TIME_ IS NULL AND "
                    + OUR_PROCESSES + condition + " LIMIT " + ROWS_PER_STATEMENT, String.class, cutoff);
            if (!ids.isEmpty()) {
                deleted += jdbc.update("DELETE FROM " + table + " WHERE ID_ IN ("
                        + Sql.placeholders(ids.size()) + ")", ids.toArray());
            }
        } while (ids.size() == ROWS_PER_STATEMENT);
        return deleted;
    }
}
