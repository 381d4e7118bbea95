package io.lifecycleengine.journey;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.TimerCatchIntermediateEventJobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.TimerDeclarationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.TimerEventJobHandler.TimerJobConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * A date timer of an intermediate catch event marked {@value JourneyProcess#RECOMPUTE_WHEN_DUE} (an extension
 * property, set in Modeler) computes its date again when it falls due: if the date has moved later meanwhile — the
 * inactivity window counts from the last activity, and the user was active since the timer was set — the timer waits
 * until then instead of firing. The journey then leaves its wait only when the window is really over, instead of
 * stepping through its decision to find the user still active and waiting again.
 */
@Component
class RecomputedTimers extends AbstractProcessEnginePlugin {

    private final LongAdder postponed = new LongAdder();

    /** Timers that fell due and waited on to a later date, since the engine started (committed ones). */
    long postponedSoFar() {
        return postponed.sum();
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<JobHandler> handlers = configuration.getCustomJobHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomJobHandlers());
        // replaces Camunda's handler of the same type: custom handlers are registered after the built-in ones
        handlers.add(new RecomputingTimerJobHandler());
        configuration.setCustomJobHandlers(handlers);
        List<BpmnParseListener> listeners = configuration.getCustomPreBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
        listeners.add(new RecomputeWhenDueListener());
        configuration.setCustomPreBPMNParseListeners(listeners);
    }

    private final class RecomputingTimerJobHandler extends TimerCatchIntermediateEventJobHandler {

        @Override
        public void execute(TimerJobConfiguration configuration, ExecutionEntity execution, CommandContext commandContext,
                            String tenantId) {
            TimerDeclarationImpl movedLater = movedLater(configuration.getTimerElementKey(), execution, commandContext.getCurrentJob());
            if (movedLater != null) {
                // a timer as the event creates on entry (its date computed again, later than now): this one ends unfired
                movedLater.createTimer(execution);
                commandContext.getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                        committed -> postponed.increment());
                return;
            }
            super.execute(configuration, execution, commandContext, tenantId);
        }
    }

    /** The declaration of a timer marked to follow its date, when that date, computed now, is later than now; else null. */
    private static TimerDeclarationImpl movedLater(String activityId, ExecutionEntity execution, JobEntity job) {
        if (!(job instanceof TimerEntity) || execution == null) {
            return null;
        }
        ActivityImpl activity = execution.getProcessDefinition().findActivity(activityId);
        if (activity == null || !recomputedWhenDue(activity)) {
            return null;
        }
        TimerDeclarationImpl declaration = TimerDeclarationImpl.getDeclarationsForScope(activity.getEventScope()).get(activityId);
        if (declaration == null) {
            return null;
        }
        TimerEntity probe = new TimerEntity();
        declaration.resolveAndSetDuedate(execution, probe, false);
        Date due = probe.getDuedate();
        return due != null && due.after(ClockUtil.getCurrentTime()) ? declaration : null;
    }

    private static boolean recomputedWhenDue(ActivityImpl activity) {
        return Boolean.TRUE.equals(activity.getProperty(JourneyProcess.RECOMPUTE_WHEN_DUE));
    }

    /**
     * Marks the catch events that carry the property, and refuses it where it would keep a timer from ever firing or
     * do nothing: on a duration or cycle (computed again from now, it is always later) and on a boundary or start event.
     */
    static final class RecomputeWhenDueListener extends AbstractBpmnParseListener {

        @Override
        public void parseIntermediateCatchEvent(Element event, ScopeImpl scope, ActivityImpl activity) {
            if (!marked(event)) {
                return;
            }
            Element timer = event.element("timerEventDefinition");
            if (timer == null || timer.element("timeDate") == null) {
                throw new BpmnParseException("Extension property " + JourneyProcess.RECOMPUTE_WHEN_DUE + " of "
                        + activity.getId() + ": only a timer with a date (timeDate) can be computed again when it falls due", event);
            }
            activity.setProperty(JourneyProcess.RECOMPUTE_WHEN_DUE, Boolean.TRUE);
        }

        @Override
        public void parseBoundaryEvent(Element event, ScopeImpl scope, ActivityImpl activity) {
            refuseOnOtherEvents(event, activity);
        }

        @Override
        public void parseStartEvent(Element event, ScopeImpl scope, ActivityImpl activity) {
            refuseOnOtherEvents(event, activity);
        }

        private static void refuseOnOtherEvents(Element event, ActivityImpl activity) {
            if (marked(event)) {
                throw new BpmnParseException("Extension property " + JourneyProcess.RECOMPUTE_WHEN_DUE + " of "
                        + activity.getId() + ": only an intermediate catch event's timer can be computed again when it falls due", event);
            }
        }

        private static boolean marked(Element event) {
            Element extensions = event.element("extensionElements");
            Element properties = extensions == null ? null : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
            return properties != null && properties.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property").stream()
                    .anyMatch(property -> JourneyProcess.RECOMPUTE_WHEN_DUE.equals(property.attribute("name"))
                            && "true".equalsIgnoreCase(property.attribute("value", "").trim()));
        }
    }
}
