package io.lifecycleengine.journey;

import io.lifecycleengine.segment.LifecycleStage;
import java.util.Map;

/** Names shared with {@code bpmn/user-lifecycle.bpmn} and {@code bpmn/lifecycle-stage.dmn}: change them together. */
final class JourneyProcess {

    static final String PROCESS_KEY = "user-lifecycle";
    /** Called by each send step: sends, or holds a message due in the user's quiet hours until they end. */
    static final String SEND_PROCESS_KEY = "send-journey-message";
    /** Starts a held message's own instance of {@link #SEND_PROCESS_KEY}, which the journey does not wait for. */
    static final String MESSAGE_HELD = "JourneyMessageHeld";
    /** The send process's start for a held message, which its versions before held messages do not have. */
    static final String MESSAGE_HELD_START = "StartEvent_MessageHeld";
    static final String DEPLOYMENT_NAME = "lifecycle-engine";
    /** Where a held message waits out the user's quiet hours. */
    static final String SEND_WINDOW_OPENS = "Event_SendWindowOpens";
    /**
     * Extension property of a date timer's catch event: {@code true} computes the date again when it falls due, and
     * a date that moved later meanwhile is waited for ({@link RecomputedTimers}).
     */
    static final String RECOMPUTE_WHEN_DUE = "recomputeWhenDue";

    private JourneyProcess() {
    }

    /** Where a journey waits in each stage: the targets of a migration's "move to stage". */
    static final Map<LifecycleStage, String> STAGE_WAITS = Map.of(
            LifecycleStage.NEW, "Gateway_WaitNew",
            LifecycleStage.ACTIVE, "Gateway_WaitActive",
            LifecycleStage.HIGH_INTENT, "Gateway_WaitHighIntent",
            LifecycleStage.INACTIVE, "Gateway_WaitInactive",
            LifecycleStage.CHURNED, "Gateway_WaitChurned");

    /** Message names the journey waits for. */
    static final class Messages {
        static final String NEW_ACTIVE_DAY = "NewActiveDay";
        static final String INTENT_SHOWN = "IntentShown";
        static final String ORDER_COMPLETED = "OrderCompleted";
        static final String USER_RETURNED = "UserReturned";

        private Messages() {
        }
    }

    /** Process variables: ids and small facts only, never user content. */
    static final class Variables {
        static final String USER_ID = "userId";
        static final String RETURNING = "returning";
        static final String ACTIVATED = "activated";
        static final String ACTIVE_DAYS_7D = "activeDays7d";
        static final String IDLE = "idle";
        static final String PROFILE_STAGE = "profileStage";
        static final String INTENT_KIND = "intentKind";
        static final String LAST_TRANSITION_ID = "lastTransitionId";
        /** When the journey started, on the engine's clock: the onboarding window counts from here. */
        static final String STARTED_AT = "journeyStartedAt";
        /** Input parameters of the move and send tasks. */
        static final String STAGE = "stage";
        static final String REASON = "reason";
        static final String MESSAGE_KIND = "messageKind";
        /** Passed to {@link JourneyProcess#SEND_PROCESS_KEY}: the calling journey. */
        static final String JOURNEY_ID = "journeyId";
        /** Set on a held message's instance: it is checked again before every attempt to send. */
        static final String HELD = "held";

        private Variables() {
        }
    }
}
