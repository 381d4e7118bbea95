package io.lifecycleengine.journey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.dmn.instance.Output;
import org.springframework.stereotype.Service;

/** Evaluates the latest deployed version of a decision table from {@code bpmn/}. */
@Service
public class Decisions {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private static final Duration LATEST_VERSION_TTL = Duration.ofSeconds(10);

    private final ProcessEngineConfigurationImpl engineConfiguration;
    private final DmnEngine dmn;
    private final RepositoryService repository;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    /** Evaluates with the process engine's own DMN engine, so the tables mean the same as in the journey. */
    Decisions(ProcessEngine engine, RepositoryService repository) {
        this.engineConfiguration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        this.dmn = engineConfiguration.getDmnEngine();
        this.repository = repository;
    }

    /**
     * The latest version, parsed once and checked against the repository every few seconds: the
     * decision service would read the definition from the database on every evaluation. A table
     * deployed from Modeler applies within {@link #LATEST_VERSION_TTL}.
     */
    private Latest latest(String decisionKey) {
        long now = System.nanoTime();
        Latest known = latest.get(decisionKey);
        if (known != null && now - known.checkedAt() < LATEST_VERSION_TTL.toNanos()) {
            return known;
        }
        DecisionDefinition definition = repository.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey)
                .latestVersion().singleResult();
        if (definition == null) {
            throw new IllegalStateException("No decision " + decisionKey + " deployed");
        }
        DmnDecision decision = known != null && known.id().equals(definition.getId()) ? known.decision()
                : parse(definition.getId());
        Latest fresh = new Latest(definition.getId(), decision, now);
        latest.put(decisionKey, fresh);
        return fresh;
    }

    /** The engine's own parsed decision, from its deployment cache (a command, as the cache may read the database). */
    private DmnDecision parse(String definitionId) {
        return engineConfiguration.getCommandExecutorTxRequired().execute(context ->
                context.getProcessEngineConfiguration().getDeploymentCache()
                        .findDeployedDecisionDefinitionById(definitionId));
    }

    private record Latest(String id, DmnDecision decision, long checkedAt) {
    }

    /** The values an output column of the latest version declares ({@code "a","b"} in Modeler's output values). */
    public List<String> declaredOutputValues(String decisionKey, String outputName) {
        List<String> values = new ArrayList<>();
        repository.getDmnModelInstance(latest(decisionKey).id()).getModelElementsByType(Output.class).stream()
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
     * @return the output columns of the first matching rule
     * @throws IllegalStateException when no rule matched (a table that does not cover every case)
     */
    public Map<String, Object> evaluate(String decisionKey, Map<String, Object> inputs) {
        DmnDecision decision = latest(decisionKey).decision();
        // a command without database work: the engine's DMN engine expects a command context for its history hooks
        DmnDecisionRuleResult result = engineConfiguration.getCommandExecutorTxRequired()
                .execute(context -> dmn.evaluateDecisionTable(decision, inputs).getFirstResult());
        if (result == null) {
            throw new IllegalStateException("Decision " + decisionKey + " matched no rule for " + inputs.keySet());
        }
        return result.getEntryMap();
    }
}
