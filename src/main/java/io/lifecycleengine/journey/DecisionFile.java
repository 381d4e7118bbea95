package io.lifecycleengine.journey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.DmnEngineException;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionLiteralExpressionImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableOutputImpl;
import org.camunda.bpm.model.xml.ModelException;

/**
 * A decision table read from a file, outside the engine's deployments (a backtest's baseline rule):
 * evaluated with Camunda's DMN engine, FEEL included, like the tables of {@code bpmn/}.
 */
public final class DecisionFile {

    private static final DmnEngine DMN = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private final String name;
    private final DmnDecision decision;

    private DecisionFile(String name, DmnDecision decision) {
        this.name = name;
        this.decision = decision;
    }

    /** The file's first decision. */
    public static DecisionFile read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<DmnDecision> decisions;
            try {
                decisions = DMN.parseDecisions(in);
            } catch (DmnEngineException | ModelException notDmn) {
                throw new IllegalArgumentException(file + " is not a DMN decision: " + notDmn.getMessage().lines().findFirst().orElse(""));
            }
            if (decisions.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no decision");
            }
            return new DecisionFile(decisions.get(0).getName() == null ? decisions.get(0).getKey() : decisions.get(0).getName(),
                    decisions.get(0));
        }
    }

    public String name() {
        return name;
    }

    /** The names of the decision's outputs: a table's columns, or a literal expression's variable. */
    public List<String> outputNames() {
        if (decision.getDecisionLogic() instanceof DmnDecisionTableImpl table) {
            return table.getOutputs().stream().map(DmnDecisionTableOutputImpl::getOutputName).toList();
        }
        if (decision.getDecisionLogic() instanceof DmnDecisionLiteralExpressionImpl literal && literal.getVariable() != null) {
            return List.of(literal.getVariable().getName());
        }
        return List.of();
    }

    /** The first matching rule's outputs, or an empty map when no rule matched. */
    public Map<String, Object> evaluate(Map<String, Object> inputs) {
        DmnDecisionResult result = DMN.evaluateDecision(decision, inputs);
        return result.isEmpty() ? Map.of() : result.getFirstResult().getEntryMap();
    }
}
