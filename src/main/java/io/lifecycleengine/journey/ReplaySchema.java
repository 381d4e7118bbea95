package io.lifecycleengine.journey;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * Leaves out the indexes of Camunda's runtime tables that a replay's engine never reads by: the columns of tenants,
 * user tasks and job definitions, root process instances and event configurations, all empty or never asked for in a
 * replay. Of the two job-handler indexes one stays: every event subscription removed asks for the jobs of its
 * handler. Every row a journey step writes or deletes updates each index of its table twice,
 * once by the statement and once more when the transaction commits; an index nobody reads only costs. Only for the
 * backtest's throwaway in-memory engine: a server keeps Camunda's schema as Camunda made it.
 */
public final class ReplaySchema extends AbstractProcessEnginePlugin {

    static final List<String> UNREAD_INDEXES = List.of(
            "ACT_IDX_EXEC_ROOT_PI", "ACT_IDX_EXEC_TENANT_ID",
            "ACT_IDX_EVENT_SUBSCR_CONFIG_", "ACT_IDX_EVENT_SUBSCR_TENANT_ID",
            "ACT_IDX_VARIABLE_TASK_ID", "ACT_IDX_VARIABLE_TENANT_ID", "ACT_IDX_VARIABLE_TASK_NAME_TYPE",
            "ACT_IDX_JOB_HANDLER", "ACT_IDX_JOB_ROOT_PROCINST", "ACT_IDX_JOB_TENANT_ID",
            "ACT_IDX_JOB_JOB_DEF_ID");

    private ProcessEngineConfigurationImpl configuration;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        this.configuration = configuration;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        try (Connection connection = configuration.getDataSource().getConnection();
             Statement drop = connection.createStatement()) {
            for (String index : UNREAD_INDEXES) {
                drop.execute("DROP INDEX IF EXISTS " + index);
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Could not leave out the replay's unread indexes: " + failed.getMessage(), failed);
        }
    }
}
