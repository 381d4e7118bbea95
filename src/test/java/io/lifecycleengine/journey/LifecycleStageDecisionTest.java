package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule of {@code bpmn/lifecycle-stage.dmn}, on a plain in-memory engine. */
@Deployment(resources = "bpmn/lifecycle-stage.dmn")
class LifecycleStageDecisionTest {

    /** Not camunda.cfg.xml: that name would make Camunda's webapps start this engine inside the Spring tests. */
    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder()
            .configurationResource("decisions.camunda.cfg.xml").build();

    ProcessEngine engine;

    @ParameterizedTest(name = "idle={0}, activated={1}, activeDays7d={2} -> {3}")
    @CsvSource({
            "true,  false, 0, INACTIVE",
            "true,  true,  5, INACTIVE",
            "false, true,  0, ACTIVE",
            "false, true,  1, ACTIVE",
            "false, false, 2, ACTIVE",
            "false, false, 7, ACTIVE",
            "false, false, 1, NEW",
            "false, false, 0, NEW"
    })
    void decidesTheStageTheProfileSays(boolean idle, boolean activated, int activeDays7d, String stage) {
        DecisionService decisions = engine.getDecisionService();

        String decided = decisions.evaluateDecisionTableByKey("lifecycle-stage", Variables.createVariables()
                        .putValue("idle", idle)
                        .putValue("activated", activated)
                        .putValue("activeDays7d", activeDays7d))
                .getSingleEntry();

        assertThat(decided).isEqualTo(stage);
    }
}
