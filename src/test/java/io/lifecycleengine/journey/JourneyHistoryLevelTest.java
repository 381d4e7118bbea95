package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.lifecycleengine.support.IntegrationTest;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engine runs with the journey's history level, and a database made with Camunda's {@code activity} level
 * (every database before it) is moved to it at start. What the level records: {@code UserLifecycleProcessTest}.
 */
class JourneyHistoryLevelTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    private ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }

    private String storedLevel() {
        return jdbc.queryForObject("SELECT VALUE_ FROM ACT_GE_PROPERTY WHERE NAME_ = 'historyLevel'", String.class);
    }

    private void storeLevel(int id) {
        jdbc.update("UPDATE ACT_GE_PROPERTY SET VALUE_ = ? WHERE NAME_ = 'historyLevel'", Integer.toString(id));
    }

    @AfterEach
    void storeTheJourneysLevelAgain() {
        storeLevel(JourneyHistoryLevel.ID);
    }

    @Test
    void theEngineRunsWithTheJourneysLevel() {
        assertThat(configuration().getHistoryLevel().getName()).isEqualTo(JourneyHistoryLevel.NAME);
        assertThat(storedLevel()).isEqualTo(Integer.toString(JourneyHistoryLevel.ID));
    }

    @Test
    void aDatabaseMadeWithTheActivityLevelIsMovedToIt() {
        storeLevel(1);

        new JourneyHistoryPlugin().postInit(configuration());

        assertThat(storedLevel()).isEqualTo(Integer.toString(JourneyHistoryLevel.ID));
    }

    @Test
    void aDatabaseWithAnotherLevelIsLeftForCamundaToRefuse() {
        storeLevel(3);

        new JourneyHistoryPlugin().postInit(configuration());

        assertThat(storedLevel()).as("full history is not quietly given up").isEqualTo("3");
    }

    @Test
    void aNewDatabaseIsLeftForCamundaToCreate() {
        JdbcDataSource empty = new JdbcDataSource();
        empty.setURL("jdbc:h2:mem:no-tables-yet");
        ProcessEngineConfigurationImpl fresh = new StandaloneInMemProcessEngineConfiguration();
        fresh.setDataSource(empty);
        fresh.setHistoryLevel(new JourneyHistoryLevel());

        assertThatCode(() -> new JourneyHistoryPlugin().postInit(fresh)).doesNotThrowAnyException();
    }
}
