package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.LifecycleClient;
import io.lifecycleengine.support.ModelFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A new version of the journey while journeys wait in every stage: they move to it with their timers
 * right, a wait the new version lacks is reported (and can be mapped or moved to a stage), a dry run
 * changes nothing, and Camunda Modeler's deploy button reaches the engine only with credentials.
 */
class JourneyMigrationTest extends JourneyTest {

    private static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T09:00:00Z");
    private static final String CHANGED_INACTIVITY = "${journeyTimers.afterLastActivity(userId, \"P20D\")}";

    @Autowired
    private JourneyMigrations migrations;

    private final String prefix = "migration-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Map<String, String> waits = new LinkedHashMap<>();
    private final Map<String, Instant> timers = new LinkedHashMap<>();
    private ProcessDefinition before;

    @BeforeEach
    void journeysWaitingInEveryStage() {
        setClock(MONDAY_MORNING);
        before = latest();
        // the later stages first: their timers move the clock, and the earlier stages' timers must stay ahead of it
        JourneyUser churned = user("churned");
        churned.activate();
        driver.fireTimer(churned.id());
        driver.fireTimer(churned.id());
        driver.fireTimer(churned.id());
        JourneyUser reminded = user("reminded");
        reminded.activate();
        driver.fireTimer(reminded.id());
        driver.fireTimer(reminded.id());
        JourneyUser inactive = user("inactive");
        inactive.activate();
        driver.fireTimer(inactive.id());
        JourneyUser highIntent = user("high-intent");
        highIntent.signUp();
        highIntent.track("Pricing Page Viewed");
        user("active").activate();
        user("new").signUp();
        for (String name : List.of("new", "active", "high-intent", "inactive", "reminded", "churned")) {
            String id = prefix + name;
            waits.put(id, waitingAt(id));
            timers.put(id, driver.timerDue(id));
        }
        assertThat(waits.values()).containsExactly("Gateway_WaitNew", "Gateway_WaitActive", "Gateway_WaitHighIntent",
                "Gateway_WaitInactive", "Gateway_WaitInactiveReminded", "Gateway_WaitChurned");
        driver.advance(Duration.ofDays(1));
    }

    @AfterEach
    void restoreTheModel() throws IOException {
        forgetJourneysOf(prefix);
        if (!latest().getId().equals(before.getId())) {
            deploy("restore-after-test", ModelFiles.read("/bpmn/user-lifecycle.bpmn"));
        }
    }

    @Test
    void journeysInEveryStageMoveToTheNewVersionWithTheirTimersRightAndTheRemovedWaitIsReported() throws IOException {
        deploy("analyst-edit", changedModel());
        ProcessDefinition target = latest();
        long churnedWaiting = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionId(before.getId())
                .activityIdIn("Gateway_WaitChurned").count();

        MigrationReport dryRun = migrations.migrate(new JourneyMigrations.Request(null, true, null, null, "test"));

        assertThat(dryRun.dryRun()).isTrue();
        assertThat(dryRun.targetVersion()).isEqualTo(target.getVersion());
        MigrationReport.Source source = sourceOf(dryRun, before);
        assertThat(source.triggersUpdated()).containsExactly("Event_InactivityDue");
        assertThat(source.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.activityId()).isEqualTo("Gateway_WaitChurned");
            assertThat(skip.journeys()).isEqualTo(churnedWaiting);
            assertThat(skip.reason()).contains("which version " + target.getVersion() + " does not have");
        });
        assertThat(definitionOf(prefix + "active")).as("a dry run migrates nothing").isEqualTo(before.getId());

        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();
        assertThat(migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY)).as("claimed once").isEmpty();
        executeBatches(report);

        assertThat(report.id()).isNotNull();
        assertThat(report.skipped()).isEqualTo(churnedWaiting);
        for (String user : waits.keySet()) {
            boolean churned = user.endsWith("churned");
            assertThat(definitionOf(user)).as(user).isEqualTo(churned ? before.getId() : target.getId());
            assertThat(driver.journey(user)).isWaitingAt(waits.get(user));
            Instant expected = user.endsWith("-active") ? timers.get(user).minus(Duration.ofDays(14)).plus(Duration.ofDays(20))
                    : timers.get(user);
            assertThat(driver.timerDue(user)).as("timer of %s", user).isEqualTo(expected);
        }
        JsonNode versions = client.getJson("/api/journeys/versions");
        assertThat(runningOn(versions, before)).as("left on the old version").isEqualTo(churnedWaiting);
        JsonNode stored = client.getJson("/api/journeys/migrations/" + report.id());
        assertThat(stored.path("report").path("skipped").asLong()).isEqualTo(churnedWaiting);
        assertThat(stored.path("batches").get(0).path("finished").asBoolean()).isTrue();

        // the migrated journeys go on in the new version: the active user goes inactive at the new window
        driver.fireTimer(prefix + "active");
        assertThat(user("active").stage()).isEqualTo("INACTIVE");
    }

    @Test
    void aRemovedWaitIsMigratedByAnExplicitMappingOrAMoveToAStage() throws IOException {
        deploy("analyst-edit", changedModel());
        ProcessDefinition target = latest();

        LifecycleClient.Answer mapped = client.postAsAdmin("/api/journeys/migrations", Map.of(
                "mappings", Map.of("Gateway_WaitChurned", "Gateway_WaitChurnedForWinBack")));
        assertThat(mapped.status()).isEqualTo(200);
        assertThat(mapped.body().path("skipped").asLong()).as(mapped.body().toString()).isZero();
        executeBatches(migrations.reports(1).get(0));
        assertThat(definitionOf(prefix + "churned")).isEqualTo(target.getId());
        assertThat(driver.journey(prefix + "churned")).isWaitingAt("Gateway_WaitChurnedForWinBack");
        assertThat(driver.timerDue(prefix + "churned")).as(mapped.body().toString()).isEqualTo(timers.get(prefix + "churned"));

        deploy("analyst-edit-2", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("Gateway_WaitInactiveReminded", "Gateway_WaitRemindedRenamed"));
        ProcessDefinition third = latest();
        LifecycleClient.Answer moved = client.postAsAdmin("/api/journeys/migrations", Map.of(
                "moveTo", Map.of("Gateway_WaitInactiveReminded", "INACTIVE"),
                "mappings", Map.of("Gateway_WaitChurnedForWinBack", "Gateway_WaitChurned")));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.body().path("moved").asLong()).isPositive();
        executeBatches(migrations.reports(1).get(0));
        assertThat(definitionOf(prefix + "reminded")).isEqualTo(third.getId());
        assertThat(driver.journey(prefix + "reminded")).isWaitingAt("Gateway_WaitInactive");
        assertThat(user("reminded").stage()).isEqualTo("INACTIVE");
    }

    @Test
    void badMigrationRequestsAreAnswered400() throws IOException {
        deploy("analyst-edit", changedModel());

        LifecycleClient.Answer unknownTarget = client.postAsAdmin("/api/journeys/migrations", Map.of(
                "dryRun", true, "mappings", Map.of("Gateway_WaitChurned", "Gateway_Nowhere")));
        LifecycleClient.Answer unknownStage = client.postAsAdmin("/api/journeys/migrations", Map.of(
                "moveTo", Map.of("Gateway_WaitChurned", "DORMANT")));
        LifecycleClient.Answer unknownKey = client.postAsAdmin("/api/journeys/migrations", Map.of("processKey", "payroll"));

        assertThat(unknownTarget.status()).isEqualTo(400);
        assertThat(unknownTarget.body().path("message").asText()).contains("Gateway_Nowhere");
        assertThat(unknownStage.status()).isEqualTo(400);
        assertThat(unknownStage.body().path("message").asText()).contains("DORMANT");
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(definitionOf(prefix + "active")).isEqualTo(before.getId());
    }

    @Test
    void camundaModelerDeploysThroughEngineRestOnlyWithCredentials() throws Exception {
        // engine-rest serves the engine registered last under "default": in a test JVM with several
        // Spring contexts that may be another context's engine
        ProcessEngines.registerProcessEngine(engine);
        String changed = changedModel();

        LifecycleClient.Answer anonymous = modelerDeploy(changed, Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(latest().getId()).isEqualTo(before.getId());

        LifecycleClient.Answer admin = modelerDeploy(changed, Map.of("Authorization", client.adminAuthorization()));
        assertThat(admin.status()).as(admin.raw().body()).isEqualTo(200);
        ProcessDefinition deployed = latest();
        assertThat(deployed.getVersion()).as(admin.raw().body()).isEqualTo(before.getVersion() + 1);
        JsonNode versions = client.getJson("/api/journeys/versions");
        assertThat(versions.get(0).path("source").asText()).isEqualTo("Camunda Modeler");
        assertThat(versions.get(0).path("latest").asBoolean()).isTrue();

        executeBatches(migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow());
        assertThat(definitionOf(prefix + "active")).isEqualTo(deployed.getId());
    }

    private LifecycleClient.Answer modelerDeploy(String bpmn, Map<String, String> headers) {
        return client.deployAsModeler(Map.of("deployment-name", prefix + "modeler", "deployment-source", "Camunda Modeler",
                "deploy-changed-only", "true"), "user-lifecycle.bpmn", bpmn, headers);
    }

    /** Runs the batches' jobs as the job executor would; none of them may fail. */
    /**
     * A reminder timer whose expression a version changes is computed again when its journey migrates: it stays due the
     * reminder window after the user entered INACTIVE, not the window after the migration (a day later here).
     */
    @Test
    void aRecomputedReminderKeepsItsDate() throws IOException {
        String model = ModelFiles.read("/bpmn/user-lifecycle.bpmn");
        String reminder = "${journeyTimers.reEngagementReminderDue(userId)}";
        assertThat(model).contains(reminder);
        deploy("analyst-edit", model.replace(reminder, "${journeyTimers.reEngagementReminderDue( userId )}"));

        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();
        executeBatches(report);

        assertThat(sourceOf(report, before).triggersUpdated()).containsExactly("Event_ReminderDue");
        assertThat(definitionOf(prefix + "inactive")).isEqualTo(latest().getId());
        assertThat(driver.timerDue(prefix + "inactive")).isEqualTo(timers.get(prefix + "inactive"));
    }

    /** The running journeys of a version are read a page at a time, each after the last id read: none left out, none twice. */
    @Test
    void runningJourneysAreReadPageByPage() {
        List<String> expected = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionId(before.getId())
                .orderByProcessInstanceId().asc().list().stream().map(journey -> journey.getId()).toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(6);

        assertThat(migrations.runningIds(before.getId(), 4)).containsExactlyElementsOf(expected);
        assertThat(migrations.runningIds(before.getId(), expected.size())).containsExactlyElementsOf(expected);
    }

    private void executeBatches(MigrationReport report) {
        assertThat(BatchJobs.run(engine.getManagementService(), report.batchIds(), 1).failures()).isEmpty();
    }

    private JourneyUser user(String name) {
        return new JourneyUser(prefix + name, client, driver);
    }

    private String waitingAt(String userId) {
        return engine.getRuntimeService().getActiveActivityIds(driver.journey(userId).getId()).get(0);
    }

    private String definitionOf(String userId) {
        return driver.journey(userId).getProcessDefinitionId();
    }

    private ProcessDefinition latest() {
        return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .latestVersion().singleResult();
    }

    private void deploy(String name, String bpmn) {
        engine.getRepositoryService().createDeployment().name(name)
                .addString("user-lifecycle.bpmn", bpmn).deploy();
    }

    private static MigrationReport.Source sourceOf(MigrationReport report, ProcessDefinition definition) {
        return report.sources().stream().filter(source -> source.definitionId().equals(definition.getId())).findFirst()
                .orElseThrow();
    }

    private static long runningOn(JsonNode versions, ProcessDefinition definition) {
        for (JsonNode version : versions) {
            if (version.path("definitionId").asText().equals(definition.getId())) {
                return version.path("running").asLong();
            }
        }
        throw new AssertionError("No version " + definition.getId());
    }

    /** The journey as an analyst might change it: a longer inactivity window in the model, the churned wait renamed. */
    private static String changedModel() throws IOException {
        String model = ModelFiles.read("/bpmn/user-lifecycle.bpmn");
        assertThat(model).contains("${journeyTimers.inactivityDue(userId)}");
        return model.replace("${journeyTimers.inactivityDue(userId)}", CHANGED_INACTIVITY)
                .replace("Gateway_WaitChurned", "Gateway_WaitChurnedForWinBack");
    }
}
