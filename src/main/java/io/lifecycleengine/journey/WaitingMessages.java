package io.lifecycleengine.journey;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/** The messages of a user that wait out their quiet hours: due, not yet in the outbox. */
@Service
public class WaitingMessages {

    /** Why a message waits: for the user's send window (or, {@link HeldMessages#SUPERSEDED}, to be skipped there). */
    public static final String QUIET_HOURS = "quiet-hours";

    /**
     * @param until when the user's send window opens and the message goes out, or is skipped
     * @param reason {@link #QUIET_HOURS}, or {@link HeldMessages#SUPERSEDED} when the journey has moved on since the message was due
     */
    public record Waiting(String kind, Instant until, String reason) {
    }

    private final RuntimeService runtime;
    private final ManagementService management;
    private final HeldMessages held;

    WaitingMessages(RuntimeService runtime, ManagementService management, HeldMessages held) {
        this.runtime = runtime;
        this.management = management;
        this.held = held;
    }

    /** Soonest first. */
    public List<Waiting> of(String userId) {
        List<ProcessInstance> sends = runtime.createProcessInstanceQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                .variableValueEquals(JourneyProcess.Variables.USER_ID, userId)
                .activityIdIn(JourneyProcess.SEND_WINDOW_OPENS).list();
        return sends.stream().map(this::waiting).filter(Objects::nonNull)
                .sorted(Comparator.comparing(Waiting::until)).toList();
    }

    private Waiting waiting(ProcessInstance send) {
        Job timer = management.createJobQuery().processInstanceId(send.getId()).timers().singleResult();
        Map<String, Object> variables = runtime.getVariables(send.getId());
        Object kind = variables.get(JourneyProcess.Variables.MESSAGE_KIND);
        if (timer == null || kind == null) {
            return null;
        }
        boolean superseded = variables.get(JourneyProcess.Variables.JOURNEY_ID) instanceof String journeyId
                && variables.get(JourneyProcess.Variables.USER_ID) instanceof String userId
                && variables.get(JourneyProcess.Variables.LAST_TRANSITION_ID) instanceof Number transitionId
                && held.superseded(journeyId, userId, transitionId);
        return new Waiting(kind.toString(), timer.getDuedate().toInstant(), superseded ? HeldMessages.SUPERSEDED : QUIET_HOURS);
    }
}
