package io.lifecycleengine.journey;

import io.lifecycleengine.messaging.DeliveryFailedException;
import io.lifecycleengine.messaging.MessagingService;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Failed sends wait for their next retry step (up to hours, see the send retry cycle) even when the
 * mail server came back long before. While any send waits after the mail server did not answer, this asks it
 * every {@code lifecycle.journey.send-recovery-check} whether it answers again, and if it does makes
 * those sends due at once. Sends that used up their retries stay incidents for an operator to retry.
 */
@Component
class SendRecovery {

    private static final Logger log = LoggerFactory.getLogger(SendRecovery.class);
    private static final int SENDS_PER_CHECK = 1_000;

    private final ManagementService management;
    private final MessagingService messaging;
    private final Clock clock;

    SendRecovery(ManagementService management, MessagingService messaging, Clock clock) {
        this.management = management;
        this.messaging = messaging;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${lifecycle.journey.send-recovery-check:PT15S}",
            fixedDelayString = "${lifecycle.journey.send-recovery-check:PT15S}")
    void scheduledCheck() {
        retryFailedSendsIfMailServerBack();
    }

    /** @return how many failed sends were made due now */
    int retryFailedSendsIfMailServerBack() {
        Date now = Date.from(clock.instant());
        // a send the server answered with a deferral (greylisting, a rate limit) keeps the retry cycle it asked for
        List<Job> waiting = management.createJobQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                .withException().withRetriesLeft().duedateHigherThan(now).listPage(0, SENDS_PER_CHECK).stream()
                .filter(send -> DeliveryFailedException.isMailServerAway(send.getExceptionMessage())).toList();
        if (waiting.isEmpty() || !messaging.mailServerReachable()) {
            return 0;
        }
        int retried = 0;
        for (Job send : waiting) {
            try {
                management.setJobDuedate(send.getId(), now);
                retried++;
            } catch (ProcessEngineException changedMeanwhile) {
                // running or retried by another node right now: it needs no help
                log.debug("Send job {} not pulled forward: {}", send.getId(), changedMeanwhile.getMessage());
            }
        }
        log.info("Mail server answers again: {} failed sends retried now instead of at their next retry step", retried);
        return retried;
    }
}
