package io.lifecycleengine.journey;

import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.history.HistoryLevelActivity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.migration.instance.MigratingActivityInstance;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;

/**
 * Camunda's {@code activity} history without the gateways' activity instances. A journey passes two or three
 * gateways in every step (a decision, a merge, the wait for whichever event comes first), so they were two
 * fifths of {@code ACT_HI_ACTINST}, the largest table, while saying nothing the steps around them do not: which way
 * a gateway went shows in the activity that followed it. Processes, tasks, events, calls and incidents keep
 * their history as in {@code activity}.
 */
final class JourneyHistoryLevel extends HistoryLevelActivity {

    static final String NAME = "activity-without-gateways";
    /** Stored in {@code ACT_GE_PROPERTY} as the database's history level; Camunda's own levels are 0 to 3. */
    static final int ID = 11;

    @Override
    public int getId() {
        return ID;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
        return super.isHistoryEventProduced(eventType, entity)
                && !(isActivityInstanceEvent(eventType) && isGateway(activityOf(entity)));
    }

    private static boolean isActivityInstanceEvent(HistoryEventType eventType) {
        return eventType == HistoryEventTypes.ACTIVITY_INSTANCE_START
                || eventType == HistoryEventTypes.ACTIVITY_INSTANCE_UPDATE
                || eventType == HistoryEventTypes.ACTIVITY_INSTANCE_END
                || eventType == HistoryEventTypes.ACTIVITY_INSTANCE_MIGRATE;
    }

    /** Null when Camunda asks without an entity (while parsing a model: whether to listen at all). */
    private static ScopeImpl activityOf(Object entity) {
        if (entity instanceof ExecutionEntity execution) {
            return execution.getActivity();
        }
        if (entity instanceof MigratingActivityInstance migrating) {
            return migrating.getSourceScope();
        }
        return null;
    }

    private static boolean isGateway(ScopeImpl activity) {
        String type = activity == null ? null : activity.getProperties().get(BpmnProperties.TYPE);
        return type != null && type.endsWith("Gateway");
    }
}
