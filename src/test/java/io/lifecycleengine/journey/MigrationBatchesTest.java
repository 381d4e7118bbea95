package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.LifecycleClient;
import io.lifecycleengine.support.ModelFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Migration batches meeting journeys that move on meanwhile: a journey that can no longer be migrated fails
 * alone, and no second batch takes journeys a running one still holds, not even one asked for at the same moment.
 */
class MigrationBatchesTest extends JourneyTest {

    private static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T09:00:00Z");

    @Autowired
    private JourneyMigrations migrations;

    private final String prefix = "review-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private ProcessDefinition beforeJourney;
    private ProcessDefinition beforeSend;

    @BeforeEach
    void remember() {
        setClock(MONDAY_MORNING);
        beforeJourney = latest(JourneyProcess.PROCESS_KEY);
        beforeSend = latest(JourneyProcess.SEND_PROCESS_KEY);
    }

    @AfterEach
    void restoreTheModels() throws IOException {
        forgetJourneysOf(prefix);
        if (!latest(JourneyProcess.PROCESS_KEY).getId().equals(beforeJourney.getId())) {
            deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn"));
        }
        if (!latest(JourneyProcess.SEND_PROCESS_KEY).getId().equals(beforeSend.getId())) {
            deploy("send-journey-message.bpmn", ModelFiles.read("/bpmn/send-journey-message.bpmn"));
        }
        // other classes' journeys that a test's version left behind (a removed wait) follow the restored model
        for (String key : List.of(JourneyProcess.PROCESS_KEY, JourneyProcess.SEND_PROCESS_KEY)) {
            migrations.migrateAutomatically(key).ifPresent(this::executeBatches);
        }
    }

    @Test
    void aJourneyThatReachesARemovedWaitBeforeItsJobRunsFailsAloneAndTheOthersMigrate() throws IOException {
        JourneyUser reminded = user("reminded");
        reminded.activate();
        driver.fireTimer(reminded.id());
        driver.fireTimer(reminded.id());
        assertThat(driver.journey(reminded.id())).isWaitingAt("Gateway_WaitInactiveReminded");
        user("active").activate();
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("Gateway_WaitChurned", "Gateway_WaitChurnedForWinBack"));
        ProcessDefinition target = latest(JourneyProcess.PROCESS_KEY);

        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();
        // the journey churns while the batch waits for the job executor
        driver.fireTimer(reminded.id());
        assertThat(driver.journey(reminded.id())).isWaitingAt("Gateway_WaitChurned");
        List<String> failures = executeBatches(report);

        assertThat(definitionOf(prefix + "active")).isEqualTo(target.getId());
        assertThat(definitionOf(reminded.id())).as("it stays, its job failed").isNotEqualTo(target.getId());
        assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure).contains("Gateway_WaitChurned"));
        assertThat(migrations.status(report.id()).batches()).as("its job, shown as failed")
                .anySatisfy(batch -> assertThat(batch.failed()).isEqualTo(1));
    }

    @Test
    void aSendThatFinishesBeforeItsJobRunsLeavesTheOtherSendsToMigrate() throws IOException {
        String first = prefix + "send-1";
        String second = prefix + "send-2";
        // no settle: the sends wait at their send job
        client.ingest("/v1/identify", Map.of("userId", first, "traits", Map.of("email", first + "@example.com")));
        client.ingest("/v1/identify", Map.of("userId", second, "traits", Map.of("email", second + "@example.com")));
        assertThat(send(first)).isWaitingAt("Task_SendMessage");
        assertThat(send(second)).isWaitingAt("Task_SendMessage");
        deploy("send-journey-message.bpmn", ModelFiles.read("/bpmn/send-journey-message.bpmn")
                .replace("name=\"Send message\"", "name=\"Send the message\""));
        ProcessDefinition target = latest(JourneyProcess.SEND_PROCESS_KEY);

        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.SEND_PROCESS_KEY).orElseThrow();
        // the job executor sends the first message before it runs the batch
        driver.runAsyncJobs(first);
        executeBatches(report);

        assertThat(send(second).getProcessDefinitionId()).isEqualTo(target.getId());
    }

    @Test
    void aVersionDeployedWhileABatchRunsIsMigratedToOnceTheBatchFinished() throws IOException {
        user("active").activate();
        String original = ModelFiles.read("/bpmn/user-lifecycle.bpmn");
        deploy("user-lifecycle.bpmn", original.replace("${journeyTimers.inactivityDue(userId)}",
                "${journeyTimers.afterLastActivity(userId, \"P20D\")}"));
        MigrationReport toSecond = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();
        deploy("user-lifecycle.bpmn", original.replace("${journeyTimers.inactivityDue(userId)}",
                "${journeyTimers.afterLastActivity(userId, \"P25D\")}"));
        ProcessDefinition third = latest(JourneyProcess.PROCESS_KEY);

        assertThat(migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY)).as("waits for the first batch").isEmpty();
        assertThat(executeBatches(toSecond)).isEmpty();
        MigrationReport toThird = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();
        assertThat(executeBatches(toThird)).isEmpty();

        assertThat(definitionOf(prefix + "active")).isEqualTo(third.getId());
    }

    @Test
    void aRequestedMigrationWhileABatchRunsIsAConflictButADryRunIsAnswered() throws IOException {
        user("active").activate();
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("${journeyTimers.inactivityDue(userId)}",
                "${journeyTimers.afterLastActivity(userId, \"P20D\")}"));
        MigrationReport automatic = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();

        LifecycleClient.Answer requested = client.post("/api/journeys/migrations", "{}", client.adminAuthorization());
        LifecycleClient.Answer dryRun = client.post("/api/journeys/migrations", "{\"dryRun\": true}", client.adminAuthorization());

        assertThat(requested.status()).as(requested.raw().body()).isEqualTo(409);
        assertThat(requested.body().path("message").asText()).contains(automatic.batchIds().get(0));
        assertThat(dryRun.status()).as(dryRun.raw().body()).isEqualTo(200);
        assertThat(executeBatches(automatic)).isEmpty();
    }

    @Test
    void twoMigrationsAskedTogetherPutNoJourneyIntoTwoBatches() throws Exception {
        for (int i = 0; i < 4; i++) {
            user("together-" + i).activate();
        }
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("${journeyTimers.inactivityDue(userId)}",
                "${journeyTimers.afterLastActivity(userId, \"P20D\")}"));
        ProcessDefinition target = latest(JourneyProcess.PROCESS_KEY);

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<LifecycleClient.Answer>> asked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            asked.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return client.post("/api/journeys/migrations", "{}", client.adminAuthorization());
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<LifecycleClient.Answer> answer : asked) {
            statuses.add(answer.get(60, TimeUnit.SECONDS).status());
        }

        List<String> failures = migrations.reports(5).stream().filter(report -> report.targetDefinitionId().equals(target.getId()))
                .flatMap(report -> executeBatches(report).stream()).toList();

        assertThat(statuses).as("one migrates, the other is told one runs").containsExactlyInAnyOrder(200, 409);
        assertThat(failures).as("no journey was in a second batch").isEmpty();
        for (int i = 0; i < 4; i++) {
            assertThat(definitionOf(prefix + "together-" + i)).isEqualTo(target.getId());
        }
    }

    @Test
    void aFinishedMigrationStillShowsItsJobsDone() throws IOException {
        user("active").activate();
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("${journeyTimers.inactivityDue(userId)}",
                "${journeyTimers.afterLastActivity(userId, \"P20D\")}"));
        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();
        assertThat(executeBatches(report)).isEmpty();

        JsonNode batches = client.getJson("/api/journeys/migrations/" + report.id()).path("batches");

        assertThat(batches).as(batches.toString()).isNotEmpty().allSatisfy(batch -> {
            assertThat(batch.path("finished").asBoolean()).isTrue();
            assertThat(batch.path("completed").asLong()).isEqualTo(batch.path("jobs").asLong());
        });
        // one journey per job
        assertThat(batches.findValues("jobs").stream().mapToLong(JsonNode::asLong).sum()).as(batches.toString())
                .isEqualTo(report.migrated());
    }

    @Test
    void aWindowInWeeksOrMonthsInTheModelIsCountedFromTheLastActivity() throws IOException {
        JourneyUser active = user("active");
        active.activate();
        Instant due = driver.timerDue(active.id());
        Instant lastActive = due.minus(Duration.ofDays(14));
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("${journeyTimers.inactivityDue(userId)}",
                "${journeyTimers.afterLastActivity(userId, \"P3W\")}"));

        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();

        assertThat(executeBatches(report)).isEmpty();
        assertThat(definitionOf(active.id())).isEqualTo(latest(JourneyProcess.PROCESS_KEY).getId());
        assertThat(driver.timerDue(active.id())).isEqualTo(lastActive.plus(Duration.ofDays(21)));

        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("${journeyTimers.inactivityDue(userId)}",
                "${journeyTimers.afterLastActivity(userId, \"P1M\")}"));
        assertThat(executeBatches(migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow())).isEmpty();
        assertThat(driver.timerDue(active.id())).isEqualTo(lastActive.atZone(ZoneOffset.UTC).plusMonths(1).toInstant());
    }

    @Test
    void aTimerEventRenamedBehindAnUnchangedGatewayKeepsItsDueDate() throws IOException {
        JourneyUser highIntent = user("high-intent");
        highIntent.signUp();
        highIntent.track("Pricing Page Viewed");
        assertThat(driver.journey(highIntent.id())).isWaitingAt("Gateway_WaitHighIntent");
        Instant due = driver.timerDue(highIntent.id());
        driver.advance(Duration.ofDays(1));
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("Event_HighIntentLapsed", "Event_HighIntentOver"));

        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();

        assertThat(executeBatches(report)).isEmpty();
        assertThat(definitionOf(highIntent.id())).isEqualTo(latest(JourneyProcess.PROCESS_KEY).getId());
        assertThat(driver.timerDue(highIntent.id())).isEqualTo(due);
        assertThat(report.sources()).allSatisfy(source -> assertThat(source.mapped()).contains("Event_HighIntentLapsed"));
    }

    @Test
    void aJourneyThatCannotBeMovedToAStageIsReportedAndTheOthersMoveAndMigrate() throws IOException {
        List<JourneyUser> reminded = List.of(user("reminded-1"), user("reminded-2"));
        for (JourneyUser journey : reminded) {
            journey.activate();
            driver.fireTimer(journey.id());
            driver.fireTimer(journey.id());
            assertThat(driver.journey(journey.id())).isWaitingAt("Gateway_WaitInactiveReminded");
        }
        engine.getRuntimeService().suspendProcessInstanceById(driver.journey(reminded.get(1).id()).getId());
        deploy("user-lifecycle.bpmn",
                ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("Gateway_WaitInactiveReminded", "Gateway_WaitRemindedRenamed"));
        ProcessDefinition target = latest(JourneyProcess.PROCESS_KEY);

        LifecycleClient.Answer answer = client.post("/api/journeys/migrations",
                "{\"moveTo\": {\"Gateway_WaitInactiveReminded\": \"INACTIVE\"}}", client.adminAuthorization());

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.body().path("sources").findValues("skipped").stream()
                .flatMap(skips -> skips.findValuesAsText("reason").stream()).toList())
                .anySatisfy(reason -> assertThat(reason).startsWith("could not be moved to INACTIVE"));
        assertThat(executeBatches(migrations.reports(1).get(0))).isEmpty();
        assertThat(definitionOf(reminded.get(0).id())).isEqualTo(target.getId());
        assertThat(driver.journey(reminded.get(0).id())).isWaitingAt("Gateway_WaitInactive");
        assertThat(definitionOf(reminded.get(1).id())).as("suspended: stays, named in the report").isNotEqualTo(target.getId());
        engine.getRuntimeService().activateProcessInstanceById(driver.journey(reminded.get(1).id()).getId());
    }

    /** A suspended journey cannot be moved: the dry run says so as the migration then does, instead of counting it moved. */
    @Test
    void aDryRunReportsASuspendedJourneyAsNotMovedAsTheMigrationThenDoes() throws IOException {
        List<JourneyUser> reminded = List.of(user("dry-reminded-1"), user("dry-reminded-2"));
        for (JourneyUser journey : reminded) {
            journey.activate();
            driver.fireTimer(journey.id());
            driver.fireTimer(journey.id());
        }
        String suspended = driver.journey(reminded.get(1).id()).getId();
        engine.getRuntimeService().suspendProcessInstanceById(suspended);
        deploy("user-lifecycle.bpmn",
                ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("Gateway_WaitInactiveReminded", "Gateway_WaitRemindedRenamed"));
        String move = "\"moveTo\": {\"Gateway_WaitInactiveReminded\": \"INACTIVE\"}";

        LifecycleClient.Answer dryRun = client.post("/api/journeys/migrations", "{\"dryRun\": true, " + move + "}",
                client.adminAuthorization());
        LifecycleClient.Answer real = client.post("/api/journeys/migrations", "{" + move + "}", client.adminAuthorization());
        engine.getRuntimeService().activateProcessInstanceById(suspended);

        assertThat(real.status()).as(real.raw().body()).isEqualTo(200);
        assertThat(executeBatches(migrations.reports(1).get(0))).isEmpty();
        assertThat(dryRun.status()).as(dryRun.raw().body()).isEqualTo(200);
        for (String field : List.of("migrated", "moved", "skipped")) {
            assertThat(dryRun.body().path(field).asLong()).as(field + " in " + dryRun.raw().body())
                    .isEqualTo(real.body().path(field).asLong());
        }
        assertThat(reasons(dryRun)).as(dryRun.raw().body()).isEqualTo(reasons(real))
                .singleElement().satisfies(reason -> assertThat(reason).startsWith("could not be moved to INACTIVE"));
    }

    /**
     * A journey that carries on for the user its user was merged into keeps the merged user's business key: a move to a
     * stage is the surviving user's, and the report names them, not the id merged away.
     */
    @Test
    void aJourneyCarriedOnAfterAnAliasIsMovedToAStageForItsUser() throws IOException {
        JourneyUser merged = user("alias-merged");
        String surviving = prefix + "alias-surviving";
        merged.activate();
        driver.fireTimer(merged.id());
        driver.fireTimer(merged.id());
        client.ingest("/v1/alias", Map.of("previousId", merged.id(), "userId", surviving));
        driver.settle(surviving);
        ProcessInstance journey = driver.journey(merged.id());
        assertThat(journey).isWaitingAt("Gateway_WaitInactiveReminded");
        assertThat(engine.getRuntimeService().getVariable(journey.getId(), JourneyProcess.Variables.USER_ID)).isEqualTo(surviving);
        deploy("user-lifecycle.bpmn",
                ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("Gateway_WaitInactiveReminded", "Gateway_WaitRemindedRenamed"));
        ProcessDefinition target = latest(JourneyProcess.PROCESS_KEY);

        LifecycleClient.Answer dryRun = client.post("/api/journeys/migrations", "{\"dryRun\": true}", client.adminAuthorization());
        LifecycleClient.Answer answer = client.post("/api/journeys/migrations",
                "{\"moveTo\": {\"Gateway_WaitInactiveReminded\": \"INACTIVE\"}}", client.adminAuthorization());

        assertThat(dryRun.body().path("sources").findValues("users")).as(dryRun.raw().body())
                .singleElement().satisfies(users -> assertThat(users.toString()).isEqualTo("[\"" + surviving + "\"]"));
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.body().path("skipped").asLong()).as(answer.raw().body()).isZero();
        assertThat(executeBatches(migrations.reports(1).get(0))).isEmpty();
        assertThat(definitionOf(merged.id())).isEqualTo(target.getId());
        assertThat(driver.journey(merged.id())).isWaitingAt("Gateway_WaitInactive");
        assertThat(client.getJson("/api/users/" + surviving).path("stage").asText()).isEqualTo("INACTIVE");
    }

    private static List<String> reasons(LifecycleClient.Answer answer) {
        return answer.body().path("sources").findValues("skipped").stream()
                .flatMap(skips -> skips.findValuesAsText("reason").stream()).toList();
    }

    @Test
    void aRequestThatWouldMigrateByMistakeIsRefusedByName() throws IOException {
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("Gateway_WaitChurned", "Gateway_WaitChurnedForWinBack"));

        assertThat(refusal("{\"dryrun\": true}")).startsWith("Unknown field 'dryrun'");
        assertThat(refusal("{\"dryRun\": \"yes\"}")).isEqualTo("'dryRun' must be true or false");
        assertThat(refusal("{\"dryRun\": true, \"mappings\": {\"Gateway_WaitChurned\": null}}"))
                .isEqualTo("mappings.Gateway_WaitChurned names no activity");
        assertThat(refusal("{\"dryRun\": true, \"moveTo\": {\"Gateway_WaitChurned\": null}}"))
                .isEqualTo("moveTo.Gateway_WaitChurned names no stage");
        assertThat(refusal("{\"dryRun\": true, \"moveTo\": {\"Gateway_WaitChurnd\": \"INACTIVE\"}}"))
                .contains("[Gateway_WaitChurnd]");
    }

    /**
     * A journey whose send step the new version removed while its send was in flight is skipped for the moment; once the
     * send is done it waits where the new version can take it, and the automatic migration takes it on from there.
     */
    @Test
    void aJourneyWhoseRemovedSendStepWasInFlightIsMigratedOnceItsSendIsDone() throws IOException {
        String inFlight = prefix + "in-flight";
        // no settle: the journey is in its welcome step, the send waits for its job
        client.ingest("/v1/identify", Map.of("userId", inFlight, "traits", Map.of("email", inFlight + "@example.com")));
        assertThat(driver.journey(inFlight)).isWaitingAt("Task_SendWelcome");
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("\"Task_SendWelcome\"", "\"Task_SendFirstWelcome\""));
        ProcessDefinition target = latest(JourneyProcess.PROCESS_KEY);

        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();
        assertThat(executeBatches(report)).isEmpty();
        // other classes' journeys may wait in the step too, and the report names five users of a step at most
        assertThat(report.sources()).flatExtracting(MigrationReport.Source::skipped)
                .anySatisfy(skip -> assertThat(skip.activityId()).isEqualTo("Task_SendWelcome"));
        assertThat(definitionOf(inFlight)).as("skipped, its send in flight").isNotEqualTo(target.getId());
        assertThat(migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY)).as("nothing moved on yet").isEmpty();
        driver.settle(inFlight);
        assertThat(driver.journey(inFlight)).isWaitingAt("Gateway_WaitNew");

        MigrationReport followUp = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();

        assertThat(executeBatches(followUp)).isEmpty();
        assertThat(definitionOf(inFlight)).isEqualTo(target.getId());
        assertThat(driver.journey(inFlight)).isWaitingAt("Gateway_WaitNew");
        assertThat(migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY)).as("claimed once").isEmpty();
        assertThat(report.sources()).flatExtracting(MigrationReport.Source::skipped).extracting(MigrationReport.Skip::reason)
                .anySatisfy(reason -> assertThat(reason).contains("in flight"));
    }

    /** A mapping to an activity the latest version lacks is refused whether or not journeys run on the mapped version. */
    @Test
    void aMappingToAnActivityTheNewVersionLacksIsRefusedAlsoWithNoJourneyOnTheOldVersion() throws IOException {
        deploy("user-lifecycle.bpmn", ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("Gateway_WaitChurned", "Gateway_WaitChurnedForWinBack"));

        assertThat(refusal("{\"dryRun\": true, \"mappings\": {\"Gateway_WaitChurned\": \"Gateway_Nowhere\"}}"))
                .contains("Gateway_Nowhere");
        assertThat(refusal("{\"mappings\": {\"Gateway_WaitChurned\": \"Flow_ChurnedToWinBack\"}}")).contains("Flow_ChurnedToWinBack");
    }

    private String refusal(String body) {
        LifecycleClient.Answer answer = client.post("/api/journeys/migrations", body, client.adminAuthorization());
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        return answer.body().path("message").asText();
    }

    /** The batches' jobs as the job executor would run them; returns what the failed ones said. */
    private List<String> executeBatches(MigrationReport report) {
        return BatchJobs.run(engine.getManagementService(), report.batchIds(), 1).failures();
    }

    private JourneyUser user(String name) {
        return new JourneyUser(prefix + name, client, driver);
    }

    private String definitionOf(String userId) {
        return driver.journey(userId).getProcessDefinitionId();
    }

    private ProcessInstance send(String userId) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                .processInstanceBusinessKey(userId).singleResult();
    }

    private ProcessDefinition latest(String key) {
        return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key)
                .latestVersion().singleResult();
    }

    private void deploy(String resource, String bpmn) {
        engine.getRepositoryService().createDeployment().name("review-edit").addString(resource, bpmn).deploy();
    }
}
