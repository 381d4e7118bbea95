package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AcquirableJobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The order in which the job executor takes jobs (sends first, then by due date), the indexes the engine adds to
 * Camunda's tables for it and for waits by journey, on the suite's database (H2 or MySQL), and how MariaDB runs the
 * acquisition query.
 */
class JobAcquisitionTest extends JourneyTest {

    /** Camunda 7.24's job acquisition on MySQL (selectNextJobsToExecute, by priority and due date), as the engine sends it. */
    private static final String ACQUISITION = """
            select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.EXCLUSIVE_ from ACT_RU_JOB RES
            where (RES.RETRIES_ > 0) and (RES.DUEDATE_ is null or RES.DUEDATE_ <= NOW())
              and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < NOW()) and RES.SUSPENSION_STATE_ = 1
              and ((RES.EXCLUSIVE_ = 1 and not exists(select J2.ID_ from ACT_RU_JOB J2
                      where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and (J2.EXCLUSIVE_ = 1)
                        and (J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= NOW())))
                   or RES.EXCLUSIVE_ = 0)
            order by RES.PRIORITY_ desc, RES.DUEDATE_ asc LIMIT 16 OFFSET 0""";

    @Autowired
    private DataSource dataSource;

    @Test
    void acquiresByPriorityAndDueDateThroughAnIndexOnBoth() throws Exception {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.isJobExecutorAcquireByPriority()).isTrue();
        assertThat(configuration.isJobExecutorAcquireByDueDate()).isTrue();
        assertThat(indexedColumnsOfJobTable()).contains(EngineIndexes.JOB_PRIORITY_DUE_DATE + ":PRIORITY_",
                EngineIndexes.JOB_PRIORITY_DUE_DATE + ":DUEDATE_", EngineIndexes.JOB_DUE_DATE + ":DUEDATE_");
    }

    /** Many timers falling due at once must not hold back the emails of the transitions they cause. */
    @Test
    void aSendIsTakenBeforeTimersThatFellDueEarlier() {
        String waiting = "acquisition-timer-" + UUID.randomUUID();
        String sending = "acquisition-send-" + UUID.randomUUID();
        client.ingest("/v1/identify", Map.of("userId", waiting, "traits", Map.of("email", waiting + "@example.com")));
        driver.settle(waiting);
        String timerId = engine.getManagementService().createJobQuery().processInstanceId(driver.journey(waiting).getId())
                .timers().singleResult().getId();
        engine.getManagementService().setJobDuedate(timerId, Date.from(JourneyDriver.now().minus(Duration.ofHours(1))));
        Job timer = engine.getManagementService().createJobQuery().jobId(timerId).singleResult();
        client.ingest("/v1/identify", Map.of("userId", sending, "traits", Map.of("email", sending + "@example.com")));
        Job send = driver.currentAsyncJob(sending);

        List<String> order = acquirableJobIds().stream().filter(id -> id.equals(timer.getId()) || id.equals(send.getId()))
                .toList();

        assertThat(send.getPriority()).isGreaterThan(timer.getPriority());
        assertThat(send.getDuedate()).isAfter(timer.getDuedate());
        assertThat(order).containsExactly(send.getId(), timer.getId());
        // the due jobs would otherwise wait for the end-to-end test's job executor on a shared database
        forgetJourneysOf(waiting);
        forgetJourneysOf(sending);
    }

    @Test
    void asksWhetherAJourneyWaitsThroughAnIndexOnTheProcessInstance() throws Exception {
        assertThat(indexedColumns("ACT_RU_EVENT_SUBSCR"))
                .contains(EngineIndexes.EVENT_SUBSCRIPTION_PROCESS_INSTANCE + ":PROC_INST_ID_");
    }

    /**
     * MariaDB would turn the exclusivity check into an IN subquery materialised from every row of ACT_RU_JOB, once per
     * acquisition: 60 ms with 30,000 waiting timers, growing with the journeys. The mysql profile's connection init
     * keeps it a correlated lookup through ACT_IDX_JOB_PROCINST.
     */
    @Test
    void onMariaDbTheAcquisitionLooksUpRunningJobsPerCandidateInsteadOfReadingThemAll() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assumeTrue(connection.getMetaData().getDatabaseProductVersion().contains("MariaDB"), "MariaDB only");
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery("SELECT @@optimizer_switch")) {
                    rs.next();
                    assertThat(rs.getString(1)).contains("exists_to_in=off");
                }
                List<String> selectTypes = new ArrayList<>();
                try (ResultSet plan = statement.executeQuery("EXPLAIN " + ACQUISITION)) {
                    while (plan.next()) {
                        selectTypes.add(plan.getString("select_type"));
                    }
                }
                assertThat(selectTypes).containsExactly("PRIMARY", "DEPENDENT SUBQUERY");
            }
        }
    }

    /** The due jobs in the order in which the job executor's next acquisitions would take them. */
    private List<String> acquirableJobIds() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        return configuration.getCommandExecutorTxRequired().execute(context -> context.getJobManager()
                .findNextJobsToExecute(new Page(0, 100_000)).stream().map(AcquirableJobEntity::getId).toList());
    }

    private List<String> indexedColumnsOfJobTable() throws Exception {
        return indexedColumns("ACT_RU_JOB");
    }

    private List<String> indexedColumns(String table) throws Exception {
        List<String> indexes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            for (String name : List.of(table, table.toLowerCase(Locale.ROOT))) {
                try (ResultSet rs = metaData.getIndexInfo(null, null, name, false, false)) {
                    while (rs.next()) {
                        indexes.add(String.valueOf(rs.getString("INDEX_NAME")).toUpperCase(Locale.ROOT) + ":"
                                + String.valueOf(rs.getString("COLUMN_NAME")).toUpperCase(Locale.ROOT));
                    }
                }
            }
        }
        return indexes;
    }
}
