package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.lifecycleengine.support.TestMail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A migration's move to a stage is a transition like the journey's own: a message held for the stage the user was
 * moved out of is not sent.
 */
@TestPropertySource(properties = {
        "lifecycle.messaging.quiet-hours.send-from=08:00",
        "lifecycle.messaging.quiet-hours.send-until=21:00",
        "lifecycle.messaging.quiet-hours.default-zone=UTC"})
class HeldMessageMigrationMoveTest extends JourneyTest {

    @Autowired
    private JourneyMigrations migrations;

    private final String prefix = "held-move-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private ProcessDefinition before;
    private JourneyUser user;

    @BeforeEach
    void aHighIntentUserWithTheUpgradePromptHeld() {
        before = latestJourney();
        user = new JourneyUser(prefix + "ada", client, driver);
        setClock(Instant.parse("2026-03-02T10:00:00Z"));
        user.identify(Map.of("email", emailOf(user.id()), "firstName", "Ada"));
        setClock(Instant.parse("2026-03-02T22:00:00Z"));
        user.track("Pricing Page Viewed");
        assertThat(user.stage()).isEqualTo("HIGH_INTENT");
        assertThat(user.messages()).containsExactly("upgrade-prompt:waiting:quiet-hours", "welcome:sent");
    }

    @AfterEach
    void restoreTheModel() throws IOException {
        forgetJourneysOf(prefix);
        if (!latestJourney().getId().equals(before.getId())) {
            engine.getRepositoryService().createDeployment().name("restore-after-test")
                    .addString("user-lifecycle.bpmn", model()).deploy();
        }
    }

    @Test
    void aMessageHeldForTheStageAMigrationMovedTheUserOutOfIsSuperseded() throws IOException {
        setClock(Instant.parse("2026-03-02T23:00:00Z"));
        engine.getRepositoryService().createDeployment().name("analyst-edit")
                .addString("user-lifecycle.bpmn", model().replace("Gateway_WaitHighIntent", "Gateway_WaitHighIntentRenamed"))
                .deploy();
        MigrationReport report = migrations.migrate(new JourneyMigrations.Request(JourneyProcess.PROCESS_KEY, false, null,
                Map.of("Gateway_WaitHighIntent", "ACTIVE"), "test"));
        assertThat(BatchJobs.run(engine.getManagementService(), report.batchIds(), 1).failures()).isEmpty();
        assertThat(user.stage()).as("moved by the migration").isEqualTo("ACTIVE");
        assertThat(driver.journey(user.id())).isWaitingAt("Gateway_WaitActive");

        Job window = windowTimer();
        ClockUtil.setCurrentTime(window.getDuedate());
        engine.getManagementService().executeJob(window.getId());
        driver.settle(user.id());

        assertThat(user.messages()).as("no upgrade prompt to a user moved out of HIGH_INTENT")
                .containsExactly("welcome:sent", "upgrade-prompt:skipped:superseded");
        assertThat(TestMail.to(emailOf(user.id()))).hasSize(1);
    }

    private Job windowTimer() {
        ProcessInstance held = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY).processInstanceBusinessKey(user.id()).singleResult();
        return engine.getManagementService().createJobQuery().processInstanceId(held.getId()).timers().singleResult();
    }

    private ProcessDefinition latestJourney() {
        return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .latestVersion().singleResult();
    }

    private static String model() throws IOException {
        try (InputStream in = HeldMessageMigrationMoveTest.class.getResourceAsStream("/bpmn/user-lifecycle.bpmn")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
