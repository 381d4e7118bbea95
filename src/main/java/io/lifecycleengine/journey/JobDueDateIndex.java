package io.lifecycleengine.journey;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * With job acquisition by due date on, the job executor asks for the earliest due jobs first, an
 * {@code ORDER BY DUEDATE_} that needs an index on {@code ACT_RU_JOB(DUEDATE_)}, which Camunda's own
 * schema does not have: without it every acquisition sorts all due jobs (100,000 inactivity timers
 * falling due together). Created here rather than by a Flyway migration because Camunda creates its
 * tables when the engine starts, after our migrations ran; the statement is the same on H2 and MySQL.
 */
@Component
class JobDueDateIndex extends AbstractProcessEnginePlugin {

    static final String NAME = "ACT_IDX_JOB_DUEDATE";

    private static final Logger log = LoggerFactory.getLogger(JobDueDateIndex.class);

    private ProcessEngineConfigurationImpl configuration;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        this.configuration = configuration;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        if (!configuration.isJobExecutorAcquireByDueDate()) {
            return;
        }
        try (Connection connection = configuration.getDataSource().getConnection()) {
            if (!exists(connection.getMetaData())) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE INDEX " + NAME + " ON ACT_RU_JOB (DUEDATE_)");
                }
                log.info("Created index {} on ACT_RU_JOB(DUEDATE_) for job acquisition by due date", NAME);
            }
        } catch (SQLException failed) {
            // another node may have created it at the same moment; acquisition works without it, only slower
            log.warn("Could not create index {} on ACT_RU_JOB(DUEDATE_): {}", NAME, failed.getMessage());
        }
    }

    private static boolean exists(DatabaseMetaData metaData) throws SQLException {
        for (String table : new String[] {"ACT_RU_JOB", "act_ru_job"}) {
            try (ResultSet indexes = metaData.getIndexInfo(null, null, table, false, false)) {
                while (indexes.next()) {
                    String column = indexes.getString("COLUMN_NAME");
                    if (column != null && column.toUpperCase(Locale.ROOT).equals("DUEDATE_") && indexes.getShort("ORDINAL_POSITION") == 1) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
