package io.lifecycleengine.journey;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The journey's time windows (ISO-8601 durations) and where its models are deployed from.
 *
 * @param reEngagementReminderAfter how long after the re-engagement mail its reminder follows (before churn at the latest)
 * @param sendRetryCycle Camunda retry cycle for failed sends; when it runs out, an incident shows in Cockpit
 * @param signalDispatchThreads threads that deliver new signals to journeys right after ingest; 0 leaves them to the retry schedule
 * @param migration how running journeys follow a new version of their model
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
        int signalDispatchThreads,
        Migration migration) {

    JourneyProperties {
        migration = migration == null ? new Migration(true, null, null, null) : migration;
    }

    /** How signals that could not be correlated at once (the journey was busy) are retried. */
    record SignalRetry(boolean enabled, Duration interval, Duration giveUpAfter) {
    }

    /**
     * @param auto migrate running journeys as soon as a new version is deployed (from {@code bpmn/} or Modeler)
     * @param checkInterval how often a node looks for a version deployed through {@code /engine-rest}
     * @param mappings source activity id to target activity id, for activities a new version renamed
     * @param moveTo source activity id to lifecycle stage, for activities a new version removed
     */
    record Migration(boolean auto, Duration checkInterval, Map<String, String> mappings, Map<String, String> moveTo) {
        Migration {
            checkInterval = checkInterval == null ? Duration.ofSeconds(30) : checkInterval;
            mappings = mappings == null ? Map.of() : Map.copyOf(mappings);
            moveTo = moveTo == null ? Map.of() : Map.copyOf(moveTo);
        }
    }
}
