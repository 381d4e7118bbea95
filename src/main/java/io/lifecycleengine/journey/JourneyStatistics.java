package io.lifecycleengine.journey;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;

/** Counts of the engine's state for monitoring. */
@Service
public class JourneyStatistics {

    private final RuntimeService runtime;

    JourneyStatistics(RuntimeService runtime) {
        this.runtime = runtime;
    }

    public long runningJourneys() {
        return runtime.createProcessInstanceQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY).count();
    }

    /**
     * Open incidents, each counted once: a failed send raises one in the send and a copy on the
     * journey's send step, both with the same root cause.
     */
    public long openIncidents() {
        return runtime.createIncidentQuery().list().stream()
                .filter(incident -> incident.getId().equals(incident.getRootCauseIncidentId()))
                .count();
    }
}
