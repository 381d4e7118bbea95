package io.lifecycleengine.journey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Component;

/**
 * Builds the migration plan between two versions of a model: activities with equal ids map onto each
 * other, explicit mappings add or override pairs, and an event's trigger is updated only where its
 * timer or message changed, so an unchanged timer keeps its due date.
 */
@Component
class MigrationPlanner {

    private final RepositoryService repository;
    private final RuntimeService runtime;

    MigrationPlanner(RepositoryService repository, RuntimeService runtime) {
        this.repository = repository;
        this.runtime = runtime;
    }

    record Planned(MigrationPlan plan, List<String> mapped, List<String> triggersUpdated, BpmnModelInstance source) {
    }

    /** @throws IllegalArgumentException when an explicit mapping names an activity the target lacks */
    Planned plan(String sourceDefinitionId, String targetDefinitionId, Map<String, String> mappings) {
        BpmnModelInstance source = repository.getBpmnModelInstance(sourceDefinitionId);
        BpmnModelInstance target = repository.getBpmnModelInstance(targetDefinitionId);
        Map<String, String> pairs = new LinkedHashMap<>();
        runtime.createMigrationPlan(sourceDefinitionId, targetDefinitionId).mapEqualActivities().build().getInstructions()
                .forEach(instruction -> pairs.put(instruction.getSourceActivityId(), instruction.getTargetActivityId()));
        mappings.forEach((from, to) -> {
            if (source.getModelElementById(from) instanceof FlowNode) {
                if (!(target.getModelElementById(to) instanceof FlowNode)) {
                    throw new IllegalArgumentException("Mapping " + from + " -> " + to + ": the new version has no activity " + to);
                }
                pairs.put(from, to);
                pairs.putAll(eventsAfterGateway(source.getModelElementById(from), target.getModelElementById(to)));
            }
        });
        new LinkedHashMap<>(pairs).forEach((from, to) ->
                pairs.putAll(renamedEvents(source.getModelElementById(from), target.getModelElementById(to), pairs)));
        MigrationPlanBuilder builder = runtime.createMigrationPlan(sourceDefinitionId, targetDefinitionId);
        List<String> updated = new ArrayList<>();
        pairs.forEach((from, to) -> {
            var instruction = builder.mapActivities(from, to);
            if (triggerChanged(source.getModelElementById(from), target.getModelElementById(to))) {
                instruction.updateEventTrigger();
                updated.add(from);
            }
        });
        return new Planned(builder.build(), List.copyOf(pairs.keySet()), List.copyOf(updated), source);
    }

    /**
     * The events after a gateway mapped by hand, paired by id: Camunda's equal mapping leaves them out
     * when their gateway's id changed, and their timers would be created anew.
     */
    private static Map<String, String> eventsAfterGateway(ModelElementInstance from, ModelElementInstance to) {
        Map<String, String> events = new LinkedHashMap<>();
        if (from instanceof EventBasedGateway source && to instanceof EventBasedGateway target) {
            Set<String> targetEvents = new HashSet<>(target.getSucceedingNodes().list().stream().map(FlowNode::getId).toList());
            source.getSucceedingNodes().list().stream().map(FlowNode::getId).filter(targetEvents::contains)
                    .forEach(id -> events.put(id, id));
        }
        return events;
    }

    /**
     * Events behind a mapped gateway that neither id nor hand mapping paired: one that kept its trigger is the same
     * event under a new id, and so is the one event left of a kind (timer, message) on each side. Unpaired, Camunda
     * would drop its timer and arm a new one from the migration, restarting the window.
     */
    private static Map<String, String> renamedEvents(ModelElementInstance from, ModelElementInstance to, Map<String, String> pairs) {
        Map<String, String> renamed = new LinkedHashMap<>();
        if (!(from instanceof EventBasedGateway source) || !(to instanceof EventBasedGateway target)) {
            return renamed;
        }
        List<CatchEvent> sourceLeft = unpaired(source, pairs.keySet());
        List<CatchEvent> targetLeft = unpaired(target, new HashSet<>(pairs.values()));
        for (CatchEvent event : List.copyOf(sourceLeft)) {
            List<CatchEvent> same = targetLeft.stream()
                    .filter(candidate -> triggers(candidate.getEventDefinitions()).equals(triggers(event.getEventDefinitions()))).toList();
            if (same.size() == 1) {
                renamed.put(event.getId(), same.get(0).getId());
                sourceLeft.remove(event);
                targetLeft.remove(same.get(0));
            }
        }
        for (CatchEvent event : sourceLeft) {
            List<CatchEvent> ofKind = targetLeft.stream().filter(candidate -> kind(candidate).equals(kind(event))).toList();
            if (ofKind.size() == 1 && sourceLeft.stream().filter(other -> kind(other).equals(kind(event))).count() == 1) {
                renamed.put(event.getId(), ofKind.get(0).getId());
            }
        }
        return renamed;
    }

    private static List<CatchEvent> unpaired(EventBasedGateway gateway, Set<String> paired) {
        return new ArrayList<>(gateway.getSucceedingNodes().list().stream().filter(CatchEvent.class::isInstance)
                .map(CatchEvent.class::cast).filter(event -> !paired.contains(event.getId())).toList());
    }

    private static String kind(CatchEvent event) {
        return event.getEventDefinitions().stream().map(definition -> definition.getElementType().getTypeName()).toList().toString();
    }

    private static boolean triggerChanged(ModelElementInstance from, ModelElementInstance to) {
        if (!(from instanceof CatchEvent source) || !(to instanceof CatchEvent target)) {
            return false;
        }
        return !triggers(source.getEventDefinitions()).equals(triggers(target.getEventDefinitions()));
    }

    /** What makes an event fire: a timer's expression or a message's name. */
    private static List<String> triggers(Collection<EventDefinition> definitions) {
        return definitions.stream().map(definition -> {
            if (definition instanceof TimerEventDefinition timer) {
                return "timer:" + text(timer.getTimeDate()) + "|" + text(timer.getTimeDuration()) + "|" + text(timer.getTimeCycle());
            }
            if (definition instanceof MessageEventDefinition message) {
                return "message:" + (message.getMessage() == null ? "" : message.getMessage().getName());
            }
            return definition.getElementType().getTypeName();
        }).toList();
    }

    private static String text(ModelElementInstance expression) {
        return expression == null ? "" : Objects.requireNonNullElse(expression.getTextContent(), "").trim();
    }
}
