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

/** Job acquisition as tuned for timers falling due together, on the suite's database (H2 or MySQL). */
class JobAcquisitionTest extends IntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void acquiresByDueDateThroughAnIndexOnTheDueDate() throws Exception {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.isJobExecutorAcquireByDueDate()).isTrue();
        assertThat(indexedColumnsOfJobTable()).contains(JobDueDateIndex.NAME + ":DUEDATE_");
    }

    private List<String> indexedColumnsOfJobTable() throws Exception {
        List<String> indexes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            for (String table : List.of("ACT_RU_JOB", "act_ru_job")) {
                try (ResultSet rs = metaData.getIndexInfo(null, null, table, false, false)) {
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
