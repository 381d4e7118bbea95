package io.lifecycleengine.journey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final Duration LATEST_VERSION_TTL = Duration.ofSeconds(10);

    private final DecisionService decisions;
    private final RepositoryService repository;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    Decisions(DecisionService decisions, RepositoryService repository) {
        this.decisions = decisions;
        this.repository = repository;
    }

    /**
     * The id of the latest version, remembered for a few seconds: evaluating by key would ask the
     * database for the latest version on every evaluation. A table deployed from Modeler applies
     * within {@link #LATEST_VERSION_TTL}.
     */
    private String latestId(String decisionKey) {
        long now = System.nanoTime();
        Latest known = latest.get(decisionKey);
        if (known != null && now - known.checkedAt() < LATEST_VERSION_TTL.toNanos()) {
            return known.id();
        }
        DecisionDefinition definition = repository.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey)
                .latestVersion().singleResult();
        if (definition == null) {
            throw new IllegalStateException("No decision " + decisionKey + " deployed");
        }
        latest.put(decisionKey, new Latest(definition.getId(), now));
        return definition.getId();
    }

    private record Latest(String id, long checkedAt) {
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
        DmnDecisionRuleResult result = decisions.evaluateDecisionTableById(latestId(decisionKey), inputs)
                .getFirstResult();
        if (result == null) {
            throw new IllegalStateException("Decision " + decisionKey + " matched no rule for " + inputs.keySet());
        }
        return result.getEntryMap();
    }
}
