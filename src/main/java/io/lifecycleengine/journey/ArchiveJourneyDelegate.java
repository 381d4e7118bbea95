package io.lifecycleengine.journey;

import io.lifecycleengine.journey.JourneyProcess.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Marks the user's journey as ended, so their next activity starts a new journey that reactivates them. */
@Component("archiveJourney")
class ArchiveJourneyDelegate implements JavaDelegate {

    private final JourneyRegistry registry;

    ArchiveJourneyDelegate(JourneyRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void execute(DelegateExecution execution) {
        registry.ended(ProcessVariables.string(execution, Variables.USER_ID), execution.getProcessInstanceId());
    }
}
