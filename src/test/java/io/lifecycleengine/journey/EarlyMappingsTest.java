package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

/** An engine takes the mappings parsed before it started, and only when they were parsed for its database. */
class EarlyMappingsTest {

    @Test
    void anEngineRunsOnTheMappingsParsedBeforeItStarted() {
        EarlyMappings mappings = EarlyMappings.startParsing("h2", "");
        ProcessEngineConfigurationImpl configuration = h2Engine(mappings);
        ProcessEngine engine = configuration.buildProcessEngine();
        try {
            assertThat(configuration.getSqlSessionFactory().getConfiguration()).isSameAs(mappings.mappings());
            engine.getRepositoryService().createDeployment().addModelInstance("wait.bpmn", Bpmn.createExecutableProcess("wait")
                    .camundaHistoryTimeToLive(1).startEvent().userTask("waiting").endEvent().done()).deploy();
            engine.getRuntimeService().startProcessInstanceByKey("wait", "user-1");
            assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey("user-1").singleResult()
                    .getTaskDefinitionKey()).isEqualTo("waiting");
            assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("wait").count()).isOne();
        } finally {
            engine.close();
        }
    }

    @Test
    void mappingsParsedForAnotherDatabaseStopTheEngineFromStarting() {
        ProcessEngineConfigurationImpl configuration = h2Engine(EarlyMappings.startParsing("mysql", ""));
        assertThatThrownBy(configuration::buildProcessEngine)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parsed for database mysql").hasMessageContaining("runs on h2");
    }

    private static ProcessEngineConfigurationImpl h2Engine(EarlyMappings mappings) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneInMemProcessEngineConfiguration()
                .setJdbcUrl("jdbc:h2:mem:early-mappings-" + UUID.randomUUID())
                .setProcessEngineName("early-mappings-" + UUID.randomUUID())
                .setHistory(ProcessEngineConfiguration.HISTORY_NONE)
                .setJobExecutorActivate(false);
        configuration.setProcessEnginePlugins(List.of(mappings));
        return configuration;
    }
}
