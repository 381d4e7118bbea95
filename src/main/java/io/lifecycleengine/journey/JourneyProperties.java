package io.lifecycleengine.journey;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The journey's time windows (ISO-8601 durations) and where its models are deployed from.
 *
 * @param reEngagementReminderAfter how long after the re-engagement mail its reminder follows (before churn at the latest)
 * @param sendRetryCycle Camunda retry cycle for failed sends; when it runs out, an incident shows in Cockpit
 * @param signalDispatchThreads threads that deliver new signals to journeys right after ingest; 0 leaves them to the retry schedule
 */
@ConfigurationProperties("lifecycle.journey")
record JourneyProperties(
        Duration onboardingWindow,
        Duration inactiveAfter,
        Duration churnedAfter,
        Duration reEngagementReminderAfter,
        Duration highIntentWindow,
        Duration archiveAfter,
        String sendRetryCycle,
        String models,
        SignalRetry signalRetry,
        int signalDispatchThreads) {

    /** How signals that could not be correlated at once (the journey was busy) are retried. */
    record SignalRetry(boolean enabled, Duration interval, Duration giveUpAfter) {
    }
}
