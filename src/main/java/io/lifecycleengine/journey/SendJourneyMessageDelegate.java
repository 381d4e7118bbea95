package io.lifecycleengine.journey;

import io.lifecycleengine.journey.JourneyProcess.Variables;
import io.lifecycleengine.messaging.MessageRequest;
import io.lifecycleengine.messaging.MessagingService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Sends the {@code messageKind} that the journey's send step passed to {@code send-journey-message}, for
 * the transition the journey made. The idempotency key (journey, transition, kind) makes a retried job find
 * the message already sent instead of mailing again. A held message the journey has moved past since is
 * recorded as skipped instead.
 */
@Component("sendJourneyMessage")
class SendJourneyMessageDelegate implements JavaDelegate {

    private final MessagingService messaging;
    private final HeldMessages held;
    private final JourneyTimers timers;

    SendJourneyMessageDelegate(MessagingService messaging, HeldMessages held, JourneyTimers timers) {
        this.messaging = messaging;
        this.held = held;
        this.timers = timers;
    }

    @Override
    public void execute(DelegateExecution execution) {
        MessageRequest request = requestOf(execution);
        // a held message's send may run long after its window opened (a backlog at the window's start, retries
        // while SMTP was down): the journey may have moved on since the check at the window
        long transitionId = ProcessVariables.number(execution, Variables.LAST_TRANSITION_ID);
        if (Boolean.TRUE.equals(execution.getVariable(Variables.HELD))
                && held.superseded(request.journeyId(), request.userId(), transitionId)) {
            messaging.skip(request, HeldMessages.SUPERSEDED);
            return;
        }
        // the window was open when the send was decided, but a retry (or a backlog) may reach into the user's night:
        // the message is held again, until the window opens
        if (!timers.sendWindowOpen(request.kind(), request.userId()) && canHold(execution)) {
            held.hold(execution);
            return;
        }
        messaging.deliver(request);
    }

    /** Journeys that sent from a task of their own, and send models from before held messages, cannot hold one. */
    private static boolean canHold(DelegateExecution execution) {
        return execution.hasVariable(Variables.JOURNEY_ID)
                && execution.getBpmnModelInstance().getModelElementById(JourneyProcess.MESSAGE_HELD_START) != null;
    }

    /** The message this send step stands for: its kind, for the transition the journey made. */
    static MessageRequest requestOf(DelegateExecution execution) {
        String kind = ProcessVariables.string(execution, Variables.MESSAGE_KIND);
        long transitionId = ProcessVariables.number(execution, Variables.LAST_TRANSITION_ID);
        // journeys of model versions before send-journey-message sent from their own service task
        String journeyId = execution.hasVariable(Variables.JOURNEY_ID)
                ? ProcessVariables.string(execution, Variables.JOURNEY_ID) : execution.getProcessInstanceId();
        return new MessageRequest(journeyId + ":" + transitionId + ":" + kind,
                ProcessVariables.string(execution, Variables.USER_ID), kind, journeyId);
    }
}
