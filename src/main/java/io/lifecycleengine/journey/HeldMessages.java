package io.lifecycleengine.journey;

import io.lifecycleengine.journey.JourneyProcess.Variables;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Whether a message held for the user's quiet hours still fits when the window opens: the journey went on
 * meanwhile and hears the user's events, so a transition since (an order after an upgrade prompt, a return
 * after a re-engagement) means the user has moved past what the message was about.
 */
@Component("heldMessages")
public class HeldMessages {

    private final RuntimeService runtime;

    HeldMessages(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** True when the journey made another transition after {@code transitionId}, or has ended. */
    public boolean superseded(String journeyId, Number transitionId) {
        ProcessInstance journey = runtime.createProcessInstanceQuery().processInstanceId(journeyId).singleResult();
        if (journey == null) {
            return true;
        }
        Object latest = runtime.getVariable(journeyId, Variables.LAST_TRANSITION_ID);
        return !(latest instanceof Number number) || number.longValue() != transitionId.longValue();
    }
}
