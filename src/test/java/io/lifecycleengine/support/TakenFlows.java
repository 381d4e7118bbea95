package io.lifecycleengine.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.springframework.stereotype.Component;

/**
 * Records every sequence flow the engines of this test JVM take, by process key, so that a test can show
 * that the tests before it took every path of a model. History cannot say it: it records activities, not
 * flows, and not the gateways between them (see the journey's history level).
 */
@Component
public class TakenFlows extends AbstractProcessEnginePlugin {

    private static final Set<String> TAKEN = ConcurrentHashMap.newKeySet();

    /**
     * The sequence flows of the latest version of the process with this key that no engine of this JVM has taken
     * so far. Camunda takes no flow out of an event-based gateway (the event that came first runs in its place),
     * so such a flow counts as taken when its event is in the history.
     */
    public static List<String> untakenIn(ProcessEngine engine, String processKey) {
        String definitionId = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(processKey).latestVersion().singleResult().getId();
        Set<String> recorded = recordedActivities(engine, definitionId);
        return engine.getRepositoryService().getBpmnModelInstance(definitionId)
                .getModelElementsByType(SequenceFlow.class).stream()
                .filter(flow -> flow.getSource() instanceof EventBasedGateway
                        ? !recorded.contains(flow.getTarget().getId())
                        : !TAKEN.contains(processKey + ":" + flow.getId()))
                .map(SequenceFlow::getId).sorted().toList();
    }

    /** The ids of the activities of this process definition that Camunda's history holds an instance of. */
    public static Set<String> recordedActivities(ProcessEngine engine, String definitionId) {
        return engine.getHistoryService().createHistoricActivityInstanceQuery().processDefinitionId(definitionId).list()
                .stream().map(HistoricActivityInstance::getActivityId).collect(Collectors.toSet());
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseSequenceFlow(Element element, ScopeImpl scope, TransitionImpl flow) {
                flow.addExecutionListener(TakenFlows::record);
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    private static void record(DelegateExecution execution) {
        String definitionId = execution.getProcessDefinitionId();
        TAKEN.add(definitionId.substring(0, definitionId.indexOf(':')) + ":" + execution.getCurrentTransitionId());
    }
}
