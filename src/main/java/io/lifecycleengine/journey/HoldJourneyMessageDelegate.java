package io.lifecycleengine.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Holds a message due in the user's quiet hours ({@link HeldMessages#hold}): the journey goes on meanwhile. */
@Component("holdJourneyMessage")
class HoldJourneyMessageDelegate implements JavaDelegate {

    private final HeldMessages held;

    HoldJourneyMessageDelegate(HeldMessages held) {
        this.held = held;
    }

    @Override
    public void execute(DelegateExecution execution) {
        held.hold(execution);
    }
}
