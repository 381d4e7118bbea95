package io.lifecycleengine.journey;

import io.lifecycleengine.journey.JourneyProcess.Variables;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Holds a message due in the user's quiet hours: starts an instance of the same send process version at its
 * "message held" start, which waits for the send window on its own, so that this call ends and the journey
 * goes on to hear the user's events meanwhile.
 */
@Component("holdJourneyMessage")
class HoldJourneyMessageDelegate implements JavaDelegate {

    private final RuntimeService runtime;

    HoldJourneyMessageDelegate(RuntimeService runtime) {
        this.runtime = runtime;
    }

    @Override
    public void execute(DelegateExecution execution) {
        runtime.startProcessInstanceByMessageAndProcessDefinitionId(JourneyProcess.MESSAGE_HELD,
                execution.getProcessDefinitionId(), execution.getProcessBusinessKey(), Map.of(
                        Variables.MESSAGE_KIND, ProcessVariables.string(execution, Variables.MESSAGE_KIND),
                        Variables.USER_ID, ProcessVariables.string(execution, Variables.USER_ID),
                        Variables.JOURNEY_ID, ProcessVariables.string(execution, Variables.JOURNEY_ID),
                        Variables.LAST_TRANSITION_ID, ProcessVariables.number(execution, Variables.LAST_TRANSITION_ID),
                        Variables.HELD, true));
    }
}
