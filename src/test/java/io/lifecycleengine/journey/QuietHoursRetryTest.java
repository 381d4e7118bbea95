package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.TestMail;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Quiet hours hold for every attempt to send a marketing message, not only the first: a send that failed just
 * before the window closed and is retried (at its next retry step, or pulled forward when the mail server answers
 * again) in the middle of the user's night must wait for the next window instead of going out then.
 */
@TestPropertySource(properties = {
        "lifecycle.messaging.quiet-hours.send-from=08:00",
        "lifecycle.messaging.quiet-hours.send-until=21:00",
        "lifecycle.messaging.quiet-hours.default-zone=UTC"})
class QuietHoursRetryTest extends JourneyTest {

    @Autowired
    private SendRecovery sendRecovery;

    @Test
    void aMarketingSendRetriedAtNightWaitsForTheSendWindow() throws Exception {
        String user = newUserId("night-retry");
        setClock(Instant.parse("2026-03-02T20:59:00Z"));
        TestMail.stop();
        try {
            client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user), "firstName", "Ada")));
            // the mail server is down for the attempts inside the window: 20:59:00 and 20:59:10
            while (driver.currentAsyncJob(user).getDuedate().toInstant().isBefore(Instant.parse("2026-03-02T21:00:00Z"))) {
                Instant due = driver.currentAsyncJob(user).getDuedate().toInstant();
                if (due.isAfter(now())) {
                    setClock(due);
                }
                assertThat(driver.failCurrentJob(user)).as("retries left").isPositive();
            }
        } finally {
            TestMail.restart();
            Thread.sleep(environment.getRequiredProperty("lifecycle.messaging.connection-reuse.check-after", Duration.class)
                    .plusMillis(100).toMillis());
        }
        assertThat(new JourneyUser(user, client, driver).messages()).containsExactly("welcome:failed:delivery-failed");

        // the next retry falls after 21:00, the mail server answering again
        setClock(driver.currentAsyncJob(user).getDuedate().toInstant());
        driver.settle(user);
        setClock(Instant.parse("2026-03-02T23:00:00Z"));
        assertThat(sendRecovery.retryFailedSendsIfMailServerBack()).as("no failed send left to pull into the night").isZero();
        driver.settle(user);
        assertThat(TestMail.to(emailOf(user))).as("a marketing email at night in the user's time zone (UTC), "
                + "outside the 08:00-21:00 send window; messages: %s", new JourneyUser(user, client, driver).messages())
                .isEmpty();

        String held = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY).processInstanceBusinessKey(user).singleResult().getId();
        Job window = engine.getManagementService().createJobQuery().processInstanceId(held).timers()
                .activityId(JourneyProcess.SEND_WINDOW_OPENS).singleResult();
        assertThat(window.getDuedate().toInstant()).as("held again for the morning").isEqualTo("2026-03-03T08:00:00Z");
        setClock(window.getDuedate().toInstant());
        engine.getManagementService().executeJob(window.getId());
        driver.settle(user);
        assertThat(TestMail.subjectsTo(emailOf(user))).as("sent when the window opens").containsExactly("Acme: welcome aboard, Ada");
        assertThat(new JourneyUser(user, client, driver).messages()).containsExactly("welcome:sent");
    }
}
