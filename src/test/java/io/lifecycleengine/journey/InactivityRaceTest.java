package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.ingest.BehaviorEvent;
import io.lifecycleengine.ingest.EventType;
import io.lifecycleengine.profile.ProfileService;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * The inactivity timer fires while an event of the user is being written: the timer's decision waits for the event
 * instead of reading the profile from before it, which moved a user who had just come back to INACTIVE (and sent
 * them the re-engagement mail); the event, having read ACTIVE, raised no return.
 */
class InactivityRaceTest extends JourneyTest {

    @Autowired
    private ProfileService profiles;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private ObjectMapper json;

    @Test
    void anEventBeingWrittenAsTheInactivityTimerFiresKeepsTheUserActive() throws Exception {
        JourneyUser user = new JourneyUser(newUserId("race"), client, driver);
        user.activate();
        Instant due = driver.timerDue(user.id());
        setClock(due);

        TransactionStatus event = transactions.getTransaction(TransactionDefinition.withDefaults());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread timer = new Thread(() -> {
            try {
                driver.fireTimer(user.id());
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "inactivity-timer-under-test");
        try {
            BehaviorEvent now = new BehaviorEvent(UUID.randomUUID().toString(), EventType.TRACK, user.id(), null, null,
                    "Report Viewed", json.createObjectNode(), json.createObjectNode(), due, due, "{}");
            profiles.applyBatch(Map.of(user.id(), List.of(now)));
            timer.start();
            awaitLockWait(timer);
        } finally {
            transactions.commit(event);
        }
        timer.join(30_000);

        assertThat(failed.get()).isNull();
        assertThat(user.stage()).isEqualTo("ACTIVE");
        assertThat(driver.journey(user.id())).isWaitingAt("Gateway_WaitActive");
        assertThat(driver.timerDue(user.id())).as("re-armed from the new activity").isAfter(due);
    }

    /** Until the timer's job reads the profile (it then waits for the event's lock, with the fix), and a while more. */
    private static void awaitLockWait(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Arrays.stream(thread.getStackTrace()).noneMatch(frame -> frame.getClassName().endsWith("LoadBehaviorProfileDelegate"))) {
            if (!thread.isAlive() || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(5);
        }
        Thread.sleep(500);
    }
}
