package io.lifecycleengine.journey;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * When a journey arrives where it waits for behavior (an event-based gateway, a message catch event or
 * a receive task), the user's pending signals become due at once: a signal that came in while the
 * journey was busy is heard right after the journey is ready, not after its retry backoff. Applies to
 * every model, so waits an analyst adds in Modeler behave the same.
 */
@Component
class SignalWakePlugin extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(SignalWakePlugin.class);

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

    /**
     * Wakes after the journey's transaction committed, in a statement of its own: the journey is then
     * visibly waiting, and a failed wake (a lost deadlock) costs only latency, never the journey's step.
     */
    private ExecutionListener wakeListener() {
        return execution -> {
            String userId = execution.getProcessBusinessKey();
            if (userId != null) {
                Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                        committed -> wake(userId));
            }
        };
    }

    private void wake(String userId) {
        try {
            pending.wake(userId, clock.instant());
        } catch (DataAccessException lost) {
            log.debug("Waking the signals of user {} failed; the retry schedule delivers them: {}", userId, lost.toString());
        }
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
