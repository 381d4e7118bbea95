package io.lifecycleengine.journey;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
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
 * due jobs first ({@code ORDER BY DUEDATE_}); without the index every acquisition sorts all due jobs. The replay's
 * clock and the send recovery ask by due date too.
 * <li>{@code ACT_RU_JOB(PRIORITY_ DESC, DUEDATE_)}: with acquisition by priority as well, the job executor asks
 * {@code ORDER BY PRIORITY_ DESC, DUEDATE_}: the sends first, then the rest by due date.
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
    static final String JOB_PRIORITY_DUE_DATE = "ACT_IDX_JOB_PRIO_DUEDATE";
    static final String EVENT_SUBSCRIPTION_PROCESS_INSTANCE = "ACT_IDX_EVENT_SUBSCR_PROCINST";

    private static final Logger log = LoggerFactory.getLogger(EngineIndexes.class);

    /** @param columns the index's columns in order, each as in CREATE INDEX (a name, then optionally DESC) */
    private record Index(String name, String table, String... columns) {

        List<String> columnNames() {
            return Arrays.stream(columns).map(column -> column.split(" ")[0].toUpperCase(Locale.ROOT)).toList();
        }
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
            if (configuration.isJobExecutorAcquireByPriority()) {
                indexes.add(new Index(JOB_PRIORITY_DUE_DATE, "ACT_RU_JOB", "PRIORITY_ DESC", "DUEDATE_"));
            }
        }
        try (Connection connection = configuration.getDataSource().getConnection()) {
            for (Index index : indexes) {
                if (!leadsAnIndex(connection.getMetaData(), index)) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE INDEX " + index.name() + " ON " + index.table() + " ("
                                + String.join(", ", index.columns()) + ")");
                    }
                    log.info("Created index {} on {}({})", index.name(), index.table(), String.join(", ", index.columns()));
                }
            }
        } catch (SQLException failed) {
            // another node may have created it at the same moment; the engine works without it, only slower
            log.warn("Could not create an index on Camunda's tables: {}", failed.getMessage());
        }
    }

    /** Whether an index of the table starts with the index's columns, in their order. */
    private static boolean leadsAnIndex(DatabaseMetaData metaData, Index index) throws SQLException {
        List<String> wanted = index.columnNames();
        for (String table : List.of(index.table(), index.table().toLowerCase(Locale.ROOT))) {
            Map<String, SortedMap<Short, String>> columnsByIndex = new HashMap<>();
            try (ResultSet indexes = metaData.getIndexInfo(null, null, table, false, false)) {
                while (indexes.next()) {
                    String column = indexes.getString("COLUMN_NAME");
                    if (column != null) {
                        columnsByIndex.computeIfAbsent(indexes.getString("INDEX_NAME"), name -> new TreeMap<>())
                                .put(indexes.getShort("ORDINAL_POSITION"), column.toUpperCase(Locale.ROOT));
                    }
                }
            }
            for (SortedMap<Short, String> columns : columnsByIndex.values()) {
                List<String> leading = List.copyOf(columns.values());
                if (leading.size() >= wanted.size() && leading.subList(0, wanted.size()).equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }
}
