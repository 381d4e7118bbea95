package io.lifecycleengine.journey;

import io.lifecycleengine.segment.SegmentService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * Whether a message held for the user's quiet hours still fits when it is about to go: the journey went on
 * meanwhile and hears the user's events, so a transition since (an order after an upgrade prompt, a return
 * after a re-engagement, a migration's move to a stage) means the user has moved past what the message was about.
 * Asked when the send window opens and again by every attempt to send, as a send can wait for retries for hours.
 */
@Component("heldMessages")
public class HeldMessages {

    /** The reason a held message the user moved past is skipped with, and shown with while it waits. */
    public static final String SUPERSEDED = "superseded";

    private final RuntimeService runtime;
    private final SegmentService segments;

    HeldMessages(RuntimeService runtime, SegmentService segments) {
        this.runtime = runtime;
        this.segments = segments;
    }

    /** True when the user made another stage transition after {@code transitionId}, or the journey has ended. */
    public boolean superseded(String journeyId, String userId, Number transitionId) {
        if (runtime.createProcessInstanceQuery().processInstanceId(journeyId).count() == 0) {
            return true;
        }
        return segments.latestStageTransitionId(userId).map(latest -> latest != transitionId.longValue()).orElse(true);
    }
}
