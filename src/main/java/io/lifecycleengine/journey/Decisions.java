package io.lifecycleengine.journey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.stereotype.Service;

/** Evaluates the latest deployed version of a decision table from {@code bpmn/}. */
@Service
public class Decisions {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private static final Duration LATEST_VERSION_TTL = Duration.ofSeconds(1);
    private static final int RESULTS_PER_VERSION = 50_000;

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
        Latest fresh = known != null && known.id().equals(definition.getId()) ? known.refreshed(now)
                : new Latest(definition.getId(), parse(definition.getId()), now, resultCache());
        latest.put(decisionKey, fresh);
        return fresh;
    }

    /** The engine's own parsed decision, from its deployment cache (a command, as the cache may read the database). */
    private DmnDecision parse(String definitionId) {
        return engineConfiguration.getCommandExecutorTxRequired().execute(context ->
                context.getProcessEngineConfiguration().getDeploymentCache()
                        .findDeployedDecisionDefinitionById(definitionId));
    }

    /**
     * A parsed version and the results it gave: the tables are functions of their inputs, and FEEL
     * evaluation is costly enough (a fresh root context per call) to be worth remembering.
     */
    private record Latest(String id, DmnDecision decision, long checkedAt, Map<Map<String, Object>, Map<String, Object>> results) {
        Latest refreshed(long now) {
            return new Latest(id, decision, now, results);
        }
    }

    private static Map<Map<String, Object>, Map<String, Object>> resultCache() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Map<String, Object>, Map<String, Object>> eldest) {
                return size() > RESULTS_PER_VERSION;
            }
        });
    }

    /** Makes the next evaluation of every table look up its latest version at once, e.g. right after a deployment. */
    public void refreshVersions() {
        latest.clear();
    }

    /**
     * The values an output column of the latest version declares: those of Modeler's output values ({@code "a","b"}),
     * then any other that one of its rules gives as a text literal, as a rule added without editing the values does.
     */
    public List<String> declaredOutputValues(String decisionKey, String outputName) {
        Set<String> values = new LinkedHashSet<>();
        for (DecisionTable table : repository.getDmnModelInstance(latest(decisionKey).id())
                .getModelElementsByType(DecisionTable.class)) {
            List<Output> outputs = List.copyOf(table.getOutputs());
            for (int column = 0; column < outputs.size(); column++) {
                if (outputName.equals(outputs.get(column).getName())) {
                    values.addAll(declaredIn(table, outputs.get(column), column));
                }
            }
        }
        return List.copyOf(values);
    }

    /** The quoted values of the column's output values, then each rule's cell that is one quoted text. */
    private static List<String> declaredIn(DecisionTable table, Output output, int column) {
        List<String> values = new ArrayList<>();
        if (output.getOutputValues() != null) {
            Matcher quoted = QUOTED.matcher(output.getOutputValues().getText().getTextContent());
            while (quoted.find()) {
                values.add(quoted.group(1));
            }
        }
        for (Rule rule : table.getRules()) {
            List<OutputEntry> cells = List.copyOf(rule.getOutputEntries());
            Matcher literal = column < cells.size() && cells.get(column).getText() != null
                    ? QUOTED.matcher(cells.get(column).getText().getTextContent().strip()) : null;
            if (literal != null && literal.matches()) {
                values.add(literal.group(1));
            }
        }
        return values;
    }

    /** A decision to evaluate: table key and inputs. */
    public record Evaluation(String decisionKey, Map<String, Object> inputs) {
    }

    /** The outputs of a decision's first matching rule, or why the table could not decide (no rule matched, a bad input). */
    public record Decided(Map<String, Object> outputs, RuntimeException failure) {
    }

    /**
     * Evaluates many decisions in one command (the engine's DMN engine needs a command context; one
     * for all keeps its cost off the per-user path).
     *
     * @return the output columns of each first matching rule, in order; for a decision the table cannot make, why
     */
    public List<Decided> evaluateAll(List<Evaluation> evaluations) {
        List<Decided> results = new ArrayList<>(evaluations.size());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < evaluations.size(); i++) {
            Map<String, Object> remembered = latest(evaluations.get(i).decisionKey()).results().get(evaluations.get(i).inputs());
            results.add(remembered == null ? null : new Decided(remembered, null));
            if (remembered == null) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return results;
        }
        engineConfiguration.getCommandExecutorTxRequired().execute(context -> {
            for (int i : missing) {
                Evaluation evaluation = evaluations.get(i);
                Latest version = latest(evaluation.decisionKey());
                try {
                    DmnDecisionRuleResult result = dmn.evaluateDecisionTable(version.decision(), evaluation.inputs())
                            .getFirstResult();
                    if (result == null) {
                        throw new IllegalStateException("Decision " + evaluation.decisionKey() + " matched no rule for "
                                + evaluation.inputs().keySet());
                    }
                    Map<String, Object> outputs = Map.copyOf(result.getEntryMap());
                    version.results().put(Map.copyOf(evaluation.inputs()), outputs);
                    results.set(i, new Decided(outputs, null));
                } catch (RuntimeException undecided) {
                    // caught here, inside the command, so that the caller's transaction is not marked for rollback
                    results.set(i, new Decided(null, undecided));
                }
            }
            return null;
        });
        return results;
    }
}
