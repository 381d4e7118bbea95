package io.lifecycleengine.journey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Offers {@link JourneyHistoryLevel} to the engine ({@code camunda.bpm.history-level}) and moves a database
 * created with Camunda's {@code activity} level to it: Camunda refuses to start when the configured level
 * differs from the one stored with its tables. History written before keeps its gateway rows.
 */
@Component
class JourneyHistoryPlugin extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(JourneyHistoryPlugin.class);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomHistoryLevels() == null) {
            configuration.setCustomHistoryLevels(new ArrayList<>());
        }
        configuration.getCustomHistoryLevels().add(new JourneyHistoryLevel());
    }

    /** After the level is resolved, before Camunda compares it with the stored one. */
    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        HistoryLevel level = configuration.getHistoryLevel();
        if (level == null || level.getId() != JourneyHistoryLevel.ID) {
            return;
        }
        try (Connection connection = configuration.getDataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ACT_GE_PROPERTY SET VALUE_ = ? WHERE NAME_ = 'historyLevel' AND VALUE_ = ?")) {
            update.setString(1, Integer.toString(JourneyHistoryLevel.ID));
            update.setString(2, Integer.toString(HistoryLevel.HISTORY_LEVEL_ACTIVITY.getId()));
            if (update.executeUpdate() > 0) {
                log.info("History level changed from {} to {}: gateways are no longer recorded in ACT_HI_ACTINST",
                        HistoryLevel.HISTORY_LEVEL_ACTIVITY.getName(), JourneyHistoryLevel.NAME);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException noTablesYet) {
            // a new database: Camunda creates its tables next and stores the configured level with them
            log.debug("History level not changed: {}", noTablesYet.getMessage());
        }
    }
}
