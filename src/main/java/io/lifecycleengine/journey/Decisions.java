package io.lifecycleengine.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.dmn.instance.Output;
import org.springframework.stereotype.Service;

/** Evaluates the latest deployed version of a decision table from {@code bpmn/}. */
@Service
public class Decisions {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final DecisionService decisions;
    private final RepositoryService repository;

    Decisions(DecisionService decisions, RepositoryService repository) {
        this.decisions = decisions;
        this.repository = repository;
    }

    /** The values an output column of the latest version declares ({@code "a","b"} in Modeler's output values). */
    public List<String> declaredOutputValues(String decisionKey, String outputName) {
        DecisionDefinition definition = repository.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey)
                .latestVersion().singleResult();
        if (definition == null) {
            throw new IllegalStateException("No decision " + decisionKey + " deployed");
        }
        List<String> values = new ArrayList<>();
        repository.getDmnModelInstance(definition.getId()).getModelElementsByType(Output.class).stream()
                .filter(output -> outputName.equals(output.getName()) && output.getOutputValues() != null)
                .forEach(output -> {
                    Matcher quoted = QUOTED.matcher(output.getOutputValues().getText().getTextContent());
                    while (quoted.find()) {
                        values.add(quoted.group(1));
                    }
                });
        return values;
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
