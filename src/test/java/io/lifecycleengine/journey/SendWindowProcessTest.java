package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.lifecycleengine.support.ModelFiles;
import io.lifecycleengine.support.TakenFlows;
import io.lifecycleengine.support.TestMail;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Every path of {@code send-journey-message.bpmn}: quiet hours 08:00–21:00 in the user's time zone, a
 * marketing message due at night held visibly for the window while the journey goes on, not sent when the
 * journey moved on meanwhile, and transactional mail going out at once.
 */
@TestPropertySource(properties = {
        "lifecycle.messaging.quiet-hours.send-from=08:00",
        "lifecycle.messaging.quiet-hours.send-until=21:00",
        "lifecycle.messaging.quiet-hours.default-zone=UTC"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendWindowProcessTest extends JourneyTest {

    @Autowired
    private JourneyMigrations migrations;

    private JourneyUser user;

    @BeforeEach
    void newUser() {
        user = new JourneyUser(newUserId("quiet"), client, driver);
    }

    @Test
    void aMessageDueInsideTheWindowGoesOutAtOnce() {
        setClock(Instant.parse("2026-03-02T09:00:00Z"));
        user.identify(Map.of("email", emailOf(user.id())));

        assertThat(TestMail.to(emailOf(user.id()))).hasSize(1);
        assertThat(finishedSendSteps()).as("history keeps no gateway").containsExactly(List.of("StartEvent_MessageDue",
                "Task_SendMessage", "EndEvent_MessageHandled"));
    }

    @Test
    void aMessageDueAtNightIsHeldUntilEightInTheMorningWhileTheJourneyGoesOn() {
        setClock(Instant.parse("2026-03-02T22:30:00Z"));
        user.identify(Map.of("email", emailOf(user.id())));

        assertThat(driver.journey(user.id())).as("not waiting for the message").isWaitingAt("Gateway_WaitNew");
        ProcessInstance held = runningSend();
        assertThat(held).isWaitingAt("Event_SendWindowOpens");
        assertThat(windowTimer(held).getDuedate().toInstant()).isEqualTo(Instant.parse("2026-03-03T08:00:00Z"));
        assertThat(TestMail.to(emailOf(user.id()))).isEmpty();
        assertThat(user.messages()).as("waiting, not queued yet").containsExactly("welcome:waiting:quiet-hours");
        assertThat(user.messagesJson().get(0).path("at").asText()).isEqualTo("2026-03-03T08:00:00Z");

        fire(windowTimer(held));

        assertThat(TestMail.to(emailOf(user.id()))).hasSize(1);
        assertThat(user.messages()).containsExactly("welcome:sent");
        // both instances start in one transaction: MySQL keeps their start to the second, so their order is open
        assertThat(finishedSendSteps()).as("the call and the held message").containsExactlyInAnyOrder(
                List.of("StartEvent_MessageDue", "Task_HoldMessage", "EndEvent_MessageHeld"),
                List.of("StartEvent_MessageHeld", "Event_SendWindowOpens", "Task_SendMessage", "EndEvent_MessageHandled"));
    }

    @Test
    void theJourneyHearsTheUserWhileAMessageIsHeldAndAMessageTheUserMovedPastIsNotSent() {
        setClock(Instant.parse("2026-03-02T10:00:00Z"));
        user.identify(Map.of("email", emailOf(user.id()), "firstName", "Ada"));
        setClock(Instant.parse("2026-03-02T22:00:00Z"));
        user.track("Pricing Page Viewed");
        assertThat(user.messages()).containsExactlyInAnyOrder("welcome:sent", "upgrade-prompt:waiting:quiet-hours");

        setClock(Instant.parse("2026-03-02T23:00:00Z"));
        user.track("Order Completed", Map.of("revenue", 40));

        assertThat(driver.journey(user.id())).as("heard the order at once").isWaitingAt("Gateway_WaitActive");
        assertThat(TestMail.to(emailOf(user.id()))).hasSize(2);
        assertThat(user.messages()).as("shown as bound to be skipped").contains("upgrade-prompt:waiting:superseded");
        fire(windowTimer(runningSend()));

        assertThat(user.messages()).as("no upgrade prompt after the order")
                .containsExactly("welcome:sent", "order-thanks:sent", "upgrade-prompt:skipped:superseded");
        assertThat(TestMail.to(emailOf(user.id()))).hasSize(2);
    }

    @Test
    void aHeldMessageOfAJourneyThatEndedMeanwhileIsNotSent() {
        setClock(Instant.parse("2026-03-02T22:30:00Z"));
        user.identify(Map.of("email", emailOf(user.id())));
        ProcessInstance held = runningSend();
        engine.getRuntimeService().deleteProcessInstance(driver.journey(user.id()).getId(), "ended for the test");

        fire(windowTimer(held));

        assertThat(user.messages()).containsExactly("welcome:skipped:superseded");
        assertThat(TestMail.to(emailOf(user.id()))).isEmpty();
    }

    @Test
    void theWindowIsInTheUsersOwnTimeZone() {
        setClock(Instant.parse("2026-03-02T12:00:00Z"));
        user.identify(Map.of("email", emailOf(user.id()), "timezone", "America/New_York"));

        assertThat(windowTimer(runningSend()).getDuedate().toInstant())
                .as("07:00 in New York: wait for 08:00 there").isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));
        assertThat(TestMail.to(emailOf(user.id()))).isEmpty();
    }

    @Test
    void aHeldMessageWaitsForTheWindowOfTheTimeZoneTheUserMovedTo() {
        setClock(Instant.parse("2026-03-02T12:00:00Z"));
        user.identify(Map.of("email", emailOf(user.id()), "timezone", "America/New_York"));
        ProcessInstance held = runningSend();
        user.identify(Map.of("timezone", "America/Los_Angeles"));

        fire(windowTimer(held));

        assertThat(held).as("13:00 UTC is 05:00 in Los Angeles").isWaitingAt("Event_SendWindowOpens");
        assertThat(windowTimer(held).getDuedate().toInstant()).isEqualTo(Instant.parse("2026-03-02T16:00:00Z"));
        assertThat(TestMail.to(emailOf(user.id()))).isEmpty();

        fire(windowTimer(held));

        assertThat(user.messages()).containsExactly("welcome:sent");
    }

    @Test
    void anUnknownTimeZoneFallsBackToTheDefaultZone() {
        setClock(Instant.parse("2026-03-02T12:00:00Z"));
        user.identify(Map.of("email", emailOf(user.id()), "timezone", "Mars/Olympus_Mons"));

        assertThat(TestMail.to(emailOf(user.id()))).hasSize(1);
    }

    @Test
    void transactionalMailIgnoresQuietHours() {
        setClock(Instant.parse("2026-03-02T10:00:00Z"));
        user.identify(Map.of("email", emailOf(user.id()), "firstName", "Ada"));
        user.track("Pricing Page Viewed");
        setClock(Instant.parse("2026-03-02T23:00:00Z"));

        user.track("Order Completed", Map.of("revenue", 40));

        assertThat(user.messages()).containsExactly("welcome:sent", "upgrade-prompt:sent", "order-thanks:sent");
        assertThat(driver.journey(user.id())).isWaitingAt("Gateway_WaitActive");
    }

    @Test
    void aHeldMessageGoesToTheUserItsJourneyWasMergedInto() {
        setClock(Instant.parse("2026-03-02T22:30:00Z"));
        user.identify(Map.of("email", emailOf(user.id())));
        String survivor = newUserId("survivor");

        client.ingest("/v1/alias", Map.of("previousId", user.id(), "userId", survivor));
        assertThat(client.getJson("/api/users/" + survivor + "/messages").get(0).path("status").asText()).isEqualTo("waiting");
        fire(windowTimer(runningSend()));

        assertThat(client.getJson("/api/users/" + survivor + "/messages")).singleElement()
                .satisfies(message -> assertThat(message.path("status").asText()).isEqualTo("sent"));
        assertThat(TestMail.to(emailOf(user.id()))).hasSize(1);
    }

    /**
     * The surviving user's journey was archived, so the merged user's carries on as theirs and their stage history moves
     * to its stage by way of MERGED: the journey made no transition, so its held message that was current still goes out
     * (as it would have by day), and the one it had moved past before stays superseded.
     */
    @Test
    void heldMessagesOfAJourneyThatCarriesOnForAnArchivedSurvivingUserKeepWhetherTheyAreCurrent() {
        String survivor = newUserId("archived-survivor");
        JourneyUser surviving = new JourneyUser(survivor, client, driver);
        setClock(Instant.parse("2026-03-02T12:00:00Z"));
        surviving.activate();
        for (int timer = 0; timer < 4; timer++) {
            driver.fireTimer(survivor);
        }
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .processInstanceBusinessKey(survivor).count()).as("archived").isZero();
        int mails = TestMail.to(emailOf(survivor)).size();
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().atZone(java.time.ZoneOffset.UTC)
                .withHour(22).withMinute(30).toInstant()));
        user.identify(Map.of("email", emailOf(user.id())));
        user.track("Pricing Page Viewed");
        assertThat(user.messages()).containsExactlyInAnyOrder("welcome:waiting:superseded", "upgrade-prompt:waiting:quiet-hours");

        client.ingest("/v1/alias", Map.of("previousId", user.id(), "userId", survivor));
        driver.settle(user.id());
        assertThat(messagesOf(survivor, "welcome")).as("their own welcome, and the merged user's held one")
                .containsExactlyInAnyOrder("sent:", "waiting:superseded");
        assertThat(messagesOf(survivor, "upgrade-prompt")).containsExactly("waiting:quiet-hours");
        engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                .processInstanceBusinessKey(user.id()).list().forEach(held -> fire(windowTimer(held)));

        assertThat(messagesOf(survivor, "welcome")).containsExactlyInAnyOrder("sent:", "skipped:superseded");
        assertThat(messagesOf(survivor, "upgrade-prompt")).containsExactly("sent:");
        assertThat(TestMail.to(emailOf(user.id()))).as("the upgrade prompt, to the merged user's address").hasSize(1);
        assertThat(TestMail.to(emailOf(survivor))).hasSize(mails);
    }

    /**
     * The version before held messages kept the journey in its send step until the window opened: such a wait
     * moves to the current version with its timer, and the message then goes out and the journey goes on.
     */
    @Test
    void aMessageWaitingInTheCallOfAnEarlierVersionMovesToTheCurrentOneAndGoesOut() throws IOException {
        boolean currentIsLatest = false;
        try {
            deploySend("send-before-held-messages", ModelFiles.read("/models/send-journey-message-waiting-in-the-call.bpmn"));
            setClock(Instant.parse("2026-03-02T22:30:00Z"));
            user.identify(Map.of("email", emailOf(user.id())));
            assertThat(driver.journey(user.id())).isWaitingAt("Task_SendWelcome");
            Instant due = windowTimer(runningSend()).getDuedate().toInstant();

            deploySend("send-current", ModelFiles.read("/bpmn/send-journey-message.bpmn"));
            currentIsLatest = true;
            MigrationReport report = migrations.migrateAutomatically(JourneyProcess.SEND_PROCESS_KEY).orElseThrow();
            assertThat(BatchJobs.run(engine.getManagementService(), report.batchIds(), 1).failures()).isEmpty();

            assertThat(report.skipped()).isZero();
            ProcessInstance send = runningSend();
            assertThat(send.getProcessDefinitionId()).isEqualTo(latestSendVersion().getId());
            assertThat(send).isWaitingAt("Event_SendWindowOpens");
            assertThat(windowTimer(send).getDuedate().toInstant()).isEqualTo(due);
            fire(windowTimer(send));

            assertThat(user.messages()).containsExactly("welcome:sent");
            assertThat(driver.journey(user.id())).isWaitingAt("Gateway_WaitNew");
        } finally {
            if (!currentIsLatest) {
                deploySend("restore-after-test", ModelFiles.read("/bpmn/send-journey-message.bpmn"));
            }
        }
    }

    /** Runs last when the whole class runs: the tests above together take every path of the send process. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theTestsAboveTakeEveryPathOfTheSendProcess() {
        assertThat(TakenFlows.untakenIn(engine, JourneyProcess.SEND_PROCESS_KEY)).isEmpty();
    }

    /** The steps of each of the user's finished sends, in order. */
    private List<List<String>> finishedSendSteps() {
        return engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY).processInstanceBusinessKey(user.id()).finished()
                .orderByProcessInstanceStartTime().asc().list().stream()
                .map(send -> engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(send.getId())
                        .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
                        .map(HistoricActivityInstance::getActivityId).toList())
                .toList();
    }

    private ProcessDefinition latestSendVersion() {
        return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                .latestVersion().singleResult();
    }

    private void deploySend(String name, String bpmn) {
        engine.getRepositoryService().createDeployment().name(name).addString("send-journey-message.bpmn", bpmn).deploy();
    }

    /** Status and reason of each of the user's messages of the kind, as {@code /api/users/{id}/messages} shows them. */
    private List<String> messagesOf(String userId, String kind) {
        List<String> messages = new java.util.ArrayList<>();
        for (var message : client.getJson("/api/users/" + userId + "/messages")) {
            if (message.path("template").asText().equals(kind)) {
                messages.add(message.path("status").asText() + ":" + message.path("reason").asText(""));
            }
        }
        return messages;
    }

    private ProcessInstance runningSend() {
        return engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY).processInstanceBusinessKey(user.id()).singleResult();
    }

    private Job windowTimer(ProcessInstance send) {
        return engine.getManagementService().createJobQuery().processInstanceId(send.getId()).timers().singleResult();
    }

    private void fire(Job timer) {
        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant()));
        engine.getManagementService().executeJob(timer.getId());
        driver.settle(user.id());
    }
}
