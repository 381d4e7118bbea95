package io.lifecycleengine.journey;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Indexes on Camunda's tables that our use of the engine needs and Camunda's own schema lacks, so that
 * the cost of a step does not grow with the number of journeys:
 * <ul>
 * <li>{@code ACT_RU_JOB(DUEDATE_)}: with job acquisition by due date the job executor asks for the earliest
 * due jobs first ({@code ORDER BY DUEDATE_}); without the index every acquisition sorts all due jobs.
 * <li>{@code ACT_RU_EVENT_SUBSCR(PROC_INST_ID_)}: whether a journey waits for a signal is asked by its
 * process instance for every signal; without the index the database reads every journey's subscription
 * of that name (found by the job executor benchmark: seeding 50,000 journeys slowed down as they grew).
 * </ul>
 * Created here rather than by a Flyway migration because Camunda creates its tables when the engine
 * starts, after our migrations ran; the statements are the same on H2 and MySQL.
 */
@Component
class EngineIndexes extends AbstractProcessEnginePlugin {

    static final String JOB_DUE_DATE = "ACT_IDX_JOB_DUEDATE";
    static final String EVENT_SUBSCRIPTION_PROCESS_INSTANCE = "ACT_IDX_EVENT_SUBSCR_PROCINST";

    private static final Logger log = LoggerFactory.getLogger(EngineIndexes.class);

    private record Index(String name, String table, String column) {
    }

    private ProcessEngineConfigurationImpl configuration;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        this.configuration = configuration;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        List<Index> indexes = new ArrayList<>(List.of(
                new Index(EVENT_SUBSCRIPTION_PROCESS_INSTANCE, "ACT_RU_EVENT_SUBSCR", "PROC_INST_ID_")));
        if (configuration.isJobExecutorAcquireByDueDate()) {
            indexes.add(new Index(JOB_DUE_DATE, "ACT_RU_JOB", "DUEDATE_"));
        }
        try (Connection connection = configuration.getDataSource().getConnection()) {
            for (Index index : indexes) {
                if (!leadsAnIndex(connection.getMetaData(), index)) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE INDEX " + index.name() + " ON " + index.table() + " (" + index.column() + ")");
                    }
                    log.info("Created index {} on {}({})", index.name(), index.table(), index.column());
                }
            }
        } catch (SQLException failed) {
            // another node may have created it at the same moment; the engine works without it, only slower
            log.warn("Could not create an index on Camunda's tables: {}", failed.getMessage());
        }
    }

    private static boolean leadsAnIndex(DatabaseMetaData metaData, Index index) throws SQLException {
        for (String table : List.of(index.table(), index.table().toLowerCase(Locale.ROOT))) {
            try (ResultSet indexes = metaData.getIndexInfo(null, null, table, false, false)) {
                while (indexes.next()) {
                    String column = indexes.getString("COLUMN_NAME");
                    if (column != null && column.equalsIgnoreCase(index.column()) && indexes.getShort("ORDINAL_POSITION") == 1) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
