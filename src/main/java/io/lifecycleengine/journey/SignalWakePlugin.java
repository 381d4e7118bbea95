package io.lifecycleengine.journey;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * When a journey arrives where it waits for behavior (an event-based gateway, a message catch event or
 * a receive task), the user's pending signals become due at once: a signal that came in while the
 * journey was busy is heard right after the journey is ready, not after its retry backoff. Applies to
 * every model, so waits an analyst adds in Modeler behave the same.
 */
@Component
class SignalWakePlugin extends AbstractProcessEnginePlugin {

    private final PendingSignals pending;
    private final Clock clock;

    SignalWakePlugin(PendingSignals pending, Clock clock) {
        this.pending = pending;
        this.clock = clock;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new WaitStateListener(wakeListener()));
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    private ExecutionListener wakeListener() {
        return execution -> {
            String userId = execution.getProcessBusinessKey();
            if (userId != null) {
                pending.wake(userId, clock.instant());
            }
        };
    }

    private static final class WaitStateListener extends AbstractBpmnParseListener {

        private final ExecutionListener wake;

        WaitStateListener(ExecutionListener wake) {
            this.wake = wake;
        }

        @Override
        public void parseEventBasedGateway(Element gateway, ScopeImpl scope, ActivityImpl activity) {
            activity.addListener(ExecutionListener.EVENTNAME_START, wake);
        }

        @Override
        public void parseIntermediateMessageCatchEventDefinition(Element messageDefinition, ActivityImpl activity) {
            // after an event-based gateway this fires only once the event is triggered: a cheap no-op update
            activity.addListener(ExecutionListener.EVENTNAME_START, wake);
        }

        @Override
        public void parseReceiveTask(Element receiveTask, ScopeImpl scope, ActivityImpl activity) {
            activity.addListener(ExecutionListener.EVENTNAME_START, wake);
        }
    }
}
