package io.lifecycleengine.journey;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/** The messages of a user that wait out their quiet hours: due, not yet in the outbox. */
@Service
public class WaitingMessages {

    /** @param until when the user's send window opens and the message goes out */
    public record Waiting(String kind, Instant until) {
    }

    private final RuntimeService runtime;
    private final ManagementService management;

    WaitingMessages(RuntimeService runtime, ManagementService management) {
        this.runtime = runtime;
        this.management = management;
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
        Object kind = runtime.getVariable(send.getId(), JourneyProcess.Variables.MESSAGE_KIND);
        return timer == null || kind == null ? null : new Waiting(kind.toString(), timer.getDuedate().toInstant());
    }
}
