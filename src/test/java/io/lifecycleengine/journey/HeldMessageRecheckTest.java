package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.support.TestMail;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A held message is checked again by every attempt to send it, not only when the window opens: its send is a job
 * of its own that may wait behind the window's backlog or for retries while SMTP is down, and the journey, which
 * hears the user meanwhile, may have moved on by then. A stage move made outside the journey supersedes it too.
 */
@TestPropertySource(properties = {
        "lifecycle.messaging.quiet-hours.send-from=08:00",
        "lifecycle.messaging.quiet-hours.send-until=21:00",
        "lifecycle.messaging.quiet-hours.default-zone=UTC"})
class HeldMessageRecheckTest extends JourneyTest {

    @Autowired
    private SendRecovery sendRecovery;
    @Autowired
    private SegmentService segments;

    private JourneyUser user;

    @BeforeEach
    void anUpgradePromptHeldForTheMorning() {
        user = new JourneyUser(newUserId("held-recheck"), client, driver);
        setClock(Instant.parse("2026-03-02T10:00:00Z"));
        user.identify(Map.of("email", emailOf(user.id()), "firstName", "Ada"));
        setClock(Instant.parse("2026-03-02T22:00:00Z"));
        user.track("Pricing Page Viewed");
        assertThat(user.messages()).containsExactly("upgrade-prompt:waiting:quiet-hours", "welcome:sent");
    }

    @Test
    void anOrderHeardAfterTheWindowOpenedButBeforeTheSendRanSupersedesTheMessage() {
        Job window = windowTimer();
        ClockUtil.setCurrentTime(window.getDuedate());
        engine.getManagementService().executeJob(window.getId());
        assertThat(heldSendJobId()).as("the held message's send job, queued behind the window's backlog").isNotNull();

        setClock(Instant.parse("2026-03-03T08:00:05Z"));
        orderWithoutRunningTheHeldSend();
        assertThat(driver.journey(user.id())).as("the journey heard the order").isWaitingAt("Gateway_WaitActive");
        runDueJobsExcept(null);

        assertThat(user.messages()).as("no upgrade prompt after the order")
                .containsExactly("welcome:sent", "order-thanks:sent", "upgrade-prompt:skipped:superseded");
        assertThat(TestMail.to(emailOf(user.id()))).hasSize(2);
    }

    @Test
    void aHeldSendRetriedAfterAnSmtpOutageIsCheckedAgain() {
        TestMail.stop();
        try {
            Job window = windowTimer();
            ClockUtil.setCurrentTime(window.getDuedate());
            engine.getManagementService().executeJob(window.getId());
            assertThat(driver.failCurrentJob(user.id())).as("retries left after the first failure").isPositive();
        } finally {
            TestMail.restart();
            outlastUncheckedReuse();
        }
        assertThat(user.messages()).containsExactly("welcome:sent", "upgrade-prompt:failed:delivery-failed");

        setClock(Instant.parse("2026-03-03T08:00:05Z"));
        orderWithoutRunningTheHeldSend();
        assertThat(driver.journey(user.id())).isWaitingAt("Gateway_WaitActive");
        assertThat(sendRecovery.retryFailedSendsIfMailServerBack()).as("the held send pulled forward").isEqualTo(1);
        runDueJobsExcept(null);

        assertThat(user.messages()).as("no upgrade prompt after the order")
                .containsExactly("welcome:sent", "upgrade-prompt:skipped:superseded", "order-thanks:sent");
        assertThat(TestMail.subjectsTo(emailOf(user.id()))).as("received since the mail server came back")
                .containsExactly("Thank you for your order, Ada");
    }

    /**
     * A migration's move to a stage (for a journey waiting where the new version has nothing) records the move as the
     * user's transition and puts the journey at the stage's wait; done here for this journey alone, as
     * {@code JourneyMigrations} does it, since migrating every journey of the shared test database would change the
     * other tests' journeys.
     */
    @Test
    void aMoveToAStageOutsideTheJourneySupersedesTheMessageHeldForTheStageBefore() {
        String journeyId = driver.journey(user.id()).getId();
        segments.moveToStage(user.id(), LifecycleStage.ACTIVE, "migration: Gateway_WaitHighIntent was removed", journeyId);
        engine.getRuntimeService().createProcessInstanceModification(journeyId).cancelAllForActivity("Gateway_WaitHighIntent")
                .startBeforeActivity(JourneyProcess.STAGE_WAITS.get(LifecycleStage.ACTIVE)).execute();

        Job window = windowTimer();
        ClockUtil.setCurrentTime(window.getDuedate());
        engine.getManagementService().executeJob(window.getId());
        runDueJobsExcept(null);

        assertThat(user.messages()).as("no upgrade prompt to a user moved out of HIGH_INTENT")
                .containsExactly("welcome:sent", "upgrade-prompt:skipped:superseded");
        assertThat(TestMail.to(emailOf(user.id()))).hasSize(1);
    }

    /**
     * Connections to the stopped server left in the engine's pool are reused without a check for a second after their
     * last message, and a send on one fails (by design: the job retries). Past that second they are checked first and
     * replaced, so that neither this test nor the next one that sends meets one.
     */
    private void outlastUncheckedReuse() {
        Duration checkAfter = environment.getRequiredProperty("lifecycle.messaging.connection-reuse.check-after",
                Duration.class);
        try {
            Thread.sleep(checkAfter.plusMillis(100).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ingests the order and lets the journey hear it, running only the jobs due now but the held send's. */
    private void orderWithoutRunningTheHeldSend() {
        client.ingest("/v1/track", Map.of("userId", user.id(), "event", "Order Completed", "properties", Map.of("revenue", 40)));
        String heldSend = heldSendJobId();
        for (int round = 0; round < 10 && (signals.pendingFor(user.id()) > 0 || !dueJobsExcept(heldSend).isEmpty()); round++) {
            signals.awaitDispatched(Duration.ofSeconds(30));
            signals.retryDue();
            runDueJobsExcept(heldSend);
        }
    }

    private void runDueJobsExcept(String skipped) {
        List<Job> jobs;
        while (!(jobs = dueJobsExcept(skipped)).isEmpty()) {
            jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
        }
    }

    private List<Job> dueJobsExcept(String skipped) {
        ManagementService management = engine.getManagementService();
        Date now = ClockUtil.getCurrentTime();
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(user.id()).list().stream()
                .flatMap(instance -> management.createJobQuery().processInstanceId(instance.getId()).messages()
                        .withRetriesLeft().list().stream())
                .filter(job -> !job.getId().equals(skipped))
                .filter(job -> job.getDuedate() == null || !job.getDuedate().after(now))
                .toList();
    }

    private ProcessInstance heldSend() {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                .processInstanceBusinessKey(user.id()).rootProcessInstances().singleResult();
    }

    private Job windowTimer() {
        return engine.getManagementService().createJobQuery().processInstanceId(heldSend().getId()).timers().singleResult();
    }

    private String heldSendJobId() {
        ProcessInstance held = heldSend();
        Job job = held == null ? null
                : engine.getManagementService().createJobQuery().processInstanceId(held.getId()).messages().singleResult();
        return job == null ? null : job.getId();
    }
}
