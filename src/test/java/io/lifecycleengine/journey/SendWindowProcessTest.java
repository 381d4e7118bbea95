package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.lifecycleengine.support.TakenFlows;
import io.lifecycleengine.support.TestMail;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.TestPropertySource;

/**
 * Every path of {@code send-journey-message.bpmn}: quiet hours 08:00–21:00 in the user's time zone, a
 * marketing message due at night waiting visibly for the window, and transactional mail going out at once.
 */
@TestPropertySource(properties = {
        "lifecycle.messaging.quiet-hours.send-from=08:00",
        "lifecycle.messaging.quiet-hours.send-until=21:00",
        "lifecycle.messaging.quiet-hours.default-zone=UTC"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendWindowProcessTest extends JourneyTest {

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
        assertThat(finishedSendSteps()).as("history keeps no gateway").containsExactly("StartEvent_MessageDue",
                "Task_SendMessage", "EndEvent_MessageHandled");
    }

    @Test
    void aMessageDueAtNightWaitsInTheJourneyUntilEightInTheMorning() {
        setClock(Instant.parse("2026-03-02T22:30:00Z"));
        user.identify(Map.of("email", emailOf(user.id())));

        assertThat(driver.journey(user.id())).isWaitingAt("Task_SendWelcome");
        ProcessInstance send = runningSend();
        assertThat(send).isWaitingAt("Event_SendWindowOpens");
        assertThat(windowTimer(send).getDuedate().toInstant()).isEqualTo(Instant.parse("2026-03-03T08:00:00Z"));
        assertThat(TestMail.to(emailOf(user.id()))).isEmpty();
        assertThat(user.messages()).as("waiting, not queued yet").containsExactly("welcome:waiting:quiet-hours");
        assertThat(user.messagesJson().get(0).path("at").asText()).isEqualTo("2026-03-03T08:00:00Z");

        fire(windowTimer(send));

        assertThat(TestMail.to(emailOf(user.id()))).hasSize(1);
        assertThat(user.messages()).containsExactly("welcome:sent");
        assertThat(driver.journey(user.id())).isWaitingAt("Gateway_WaitNew");
        assertThat(finishedSendSteps()).containsExactly("StartEvent_MessageDue", "Event_SendWindowOpens",
                "Task_SendMessage", "EndEvent_MessageHandled");
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

    /** Runs last when the whole class runs: the tests above together take every path of the send process. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theTestsAboveTakeEveryPathOfTheSendProcess() {
        assertThat(TakenFlows.untakenIn(engine, JourneyProcess.SEND_PROCESS_KEY)).isEmpty();
    }

    /** The steps of the user's one finished send, in order. */
    private List<String> finishedSendSteps() {
        HistoricProcessInstance send = engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY).processInstanceBusinessKey(user.id()).finished()
                .singleResult();
        return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(send.getId())
                .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
                .map(HistoricActivityInstance::getActivityId).toList();
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
