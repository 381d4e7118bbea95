package io.lifecycleengine.journey;

import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Service;

/** Evaluates the latest deployed version of a decision table from {@code bpmn/}. */
@Service
public class Decisions {

    private final DecisionService decisions;

    Decisions(DecisionService decisions) {
        this.decisions = decisions;
    }

    /**
     * @return the output columns of the single matching rule
     * @throws IllegalStateException when no rule matched (a table that does not cover every case)
     */
    public Map<String, Object> evaluate(String decisionKey, Map<String, Object> inputs) {
        DmnDecisionRuleResult result = decisions.evaluateDecisionTableByKey(decisionKey, inputs).getFirstResult();
        if (result == null) {
            throw new IllegalStateException("Decision " + decisionKey + " matched no rule for " + inputs.keySet());
        }
        return result.getEntryMap();
    }
}
