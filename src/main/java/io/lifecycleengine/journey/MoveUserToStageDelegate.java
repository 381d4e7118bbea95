package io.lifecycleengine.journey;

import io.lifecycleengine.journey.JourneyProcess.Variables;
import io.lifecycleengine.segment.LifecycleStage;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.segment.Transition;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Moves the user to the task's {@code stage} input, recording {@code reason}; runs in the journey's transaction. */
@Component("moveUserToStage")
class MoveUserToStageDelegate implements JavaDelegate {

    private final SegmentService segments;

    MoveUserToStageDelegate(SegmentService segments) {
        this.segments = segments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        LifecycleStage stage = LifecycleStage.valueOf(ProcessVariables.localString(execution, Variables.STAGE));
        Transition transition = segments.moveToStage(ProcessVariables.string(execution, Variables.USER_ID), stage,
                ProcessVariables.localString(execution, Variables.REASON), execution.getProcessInstanceId());
        execution.setVariable(Variables.LAST_TRANSITION_ID, transition.id());
        if (stage == LifecycleStage.ACTIVE) {
            execution.setVariable(Variables.ACTIVATED, true);
        }
    }
}
