package io.lifecycleengine.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Records every sequence flow the engines of this test JVM take, by process key, so that a test can show
 * that the tests before it took every path of a model. History cannot say it: it records activities, not
 * flows, and not the gateways between them (see the journey's history level).
 */
@Component
public class TakenFlows extends AbstractProcessEnginePlugin {

    private static final Set<String> TAKEN = ConcurrentHashMap.newKeySet();

    /** The ids of the sequence flows of the process with this key taken so far in this JVM. */
    public static Set<String> of(String processKey) {
        String prefix = processKey + ":";
        return TAKEN.stream().filter(flow -> flow.startsWith(prefix)).map(flow -> flow.substring(prefix.length()))
                .collect(Collectors.toSet());
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
