package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replay's engine leaves out the indexes it never reads by, and its journeys wait, hear and time out as before. */
class ReplaySchemaTest {

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void everyIndexLeftOutIsOneCamundaMakes() throws SQLException {
        ProcessEngineConfigurationImpl configuration = h2Engine(List.of());
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
            // a renamed index would otherwise be kept without anyone noticing
            assertThat(indexes(configuration)).containsAll(ReplaySchema.UNREAD_INDEXES);
        } finally {
            engine.close();
        }
    }

    @Test
    void aReplaysEngineHasNoneOfThemAndItsJourneysStillRun() throws SQLException {
        ProcessEngineConfigurationImpl configuration = h2Engine(List.of(new ReplaySchema()));
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
            assertThat(indexes(configuration)).doesNotContainAnyElementsOf(ReplaySchema.UNREAD_INDEXES)
                    .contains("ACT_IDX_EXEC_BUSKEY", "ACT_IDX_JOB_PROCINST", "ACT_IDX_EVENT_SUBSCR_EVT_NAME");
            engine.getRepositoryService().createDeployment().addModelInstance("wait.bpmn", Bpmn.createExecutableProcess("wait")
                    .camundaHistoryTimeToLive(1).startEvent().eventBasedGateway()
                    .intermediateCatchEvent("heard").message("hello").endEvent("greeted")
                    .moveToLastGateway().intermediateCatchEvent("timedOut").timerWithDuration("P1D").endEvent("gaveUp")
                    .done()).deploy();
            ClockUtil.setCurrentTime(new Date(0));
            engine.getRuntimeService().startProcessInstanceByKey("wait", "user-1", Map.of("kind", "welcome"));
            engine.getRuntimeService().startProcessInstanceByKey("wait", "user-2");

            engine.getRuntimeService().createMessageCorrelation("hello").processInstanceBusinessKey("user-1").correlate();
            ClockUtil.setCurrentTime(new Date(Duration.ofDays(2).toMillis()));
            Job timer = engine.getManagementService().createJobQuery().timers().duedateLowerThan(ClockUtil.getCurrentTime())
                    .singleResult();
            engine.getManagementService().executeJob(timer.getId());

            assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
            assertThat(engine.getManagementService().createJobQuery().count()).isZero();
        } finally {
            engine.close();
        }
    }

    @Test
    void aReplaysEngineStillFindsTheJobsOfASubscriptionItRemovesByIndex() throws SQLException {
        ProcessEngineConfigurationImpl configuration = h2Engine(List.of(new ReplaySchema()));
        ProcessEngine engine = configuration.buildProcessEngine();
        try (Connection connection = configuration.getDataSource().getConnection();
             Statement explain = connection.createStatement();
             // what Camunda asks (Job.xml, selectJobsByConfiguration) at every removal of an event subscription: each
             // wait a journey leaves removes two or three
             ResultSet plan = explain.executeQuery("EXPLAIN SELECT * FROM ACT_RU_JOB WHERE HANDLER_TYPE_ = 'event'"
                     + " AND TENANT_ID_ IS NULL AND (HANDLER_CFG_ = 'subscription-1')")) {
            plan.next();
            assertThat(plan.getString(1)).doesNotContain("tableScan").contains("ACT_IDX_JOB_HANDLER_TYPE");
        } finally {
            engine.close();
        }
    }

    private static Set<String> indexes(ProcessEngineConfigurationImpl configuration) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection connection = configuration.getDataSource().getConnection();
             Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static ProcessEngineConfigurationImpl h2Engine(List<ProcessEnginePlugin> plugins) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneInMemProcessEngineConfiguration()
                .setJdbcUrl("jdbc:h2:mem:replay-schema-" + UUID.randomUUID())
                .setProcessEngineName("replay-schema-" + UUID.randomUUID())
                // as the backtest's engine: the schema is made when it starts and never dropped (its database goes with it)
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setHistory(ProcessEngineConfiguration.HISTORY_NONE)
                .setJobExecutorActivate(false);
        configuration.setProcessEnginePlugins(plugins);
        return configuration;
    }
}
