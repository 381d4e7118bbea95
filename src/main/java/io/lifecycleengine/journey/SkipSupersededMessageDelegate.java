package io.lifecycleengine.journey;

import io.lifecycleengine.messaging.MessagingService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records a held message that the journey's later transition made pointless as skipped, reason {@code superseded}. */
@Component("skipSupersededMessage")
class SkipSupersededMessageDelegate implements JavaDelegate {

    private final MessagingService messaging;

    SkipSupersededMessageDelegate(MessagingService messaging) {
        this.messaging = messaging;
    }

    @Override
    public void execute(DelegateExecution execution) {
        messaging.skip(SendJourneyMessageDelegate.requestOf(execution), HeldMessages.SUPERSEDED);
    }
}
