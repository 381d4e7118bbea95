package io.lifecycleengine.journey;

import io.lifecycleengine.journey.JourneyProcess.Variables;
import io.lifecycleengine.segment.SegmentService;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Messages held for the user's quiet hours, and whether one still fits when it is about to go: the journey went on
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

    /**
     * Holds the message of a send step until the user's send window opens: starts an instance of the same send process
     * version at its "message held" start, which waits on its own, so that the step ends and the journey goes on.
     */
    void hold(DelegateExecution send) {
        runtime.startProcessInstanceByMessageAndProcessDefinitionId(JourneyProcess.MESSAGE_HELD,
                send.getProcessDefinitionId(), send.getProcessBusinessKey(), Map.of(
                        Variables.MESSAGE_KIND, ProcessVariables.string(send, Variables.MESSAGE_KIND),
                        Variables.USER_ID, ProcessVariables.string(send, Variables.USER_ID),
                        Variables.JOURNEY_ID, ProcessVariables.string(send, Variables.JOURNEY_ID),
                        Variables.LAST_TRANSITION_ID, ProcessVariables.number(send, Variables.LAST_TRANSITION_ID),
                        Variables.HELD, true));
    }

    /** True when the user made another stage transition after {@code transitionId}, or the journey has ended. */
    public boolean superseded(String journeyId, String userId, Number transitionId) {
        if (runtime.createProcessInstanceQuery().processInstanceId(journeyId).count() == 0) {
            return true;
        }
        return segments.latestStageTransitionId(userId).map(latest -> latest != transitionId.longValue()).orElse(true);
    }
}
