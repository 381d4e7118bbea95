package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The indexes the engine adds to Camunda's tables (job acquisition by due date, waits by journey), on the suite's database (H2 or MySQL). */
class JobAcquisitionTest extends IntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void acquiresByDueDateThroughAnIndexOnTheDueDate() throws Exception {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.isJobExecutorAcquireByDueDate()).isTrue();
        assertThat(indexedColumnsOfJobTable()).contains(EngineIndexes.JOB_DUE_DATE + ":DUEDATE_");
    }

    @Test
    void asksWhetherAJourneyWaitsThroughAnIndexOnTheProcessInstance() throws Exception {
        assertThat(indexedColumns("ACT_RU_EVENT_SUBSCR"))
                .contains(EngineIndexes.EVENT_SUBSCRIPTION_PROCESS_INSTANCE + ":PROC_INST_ID_");
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
