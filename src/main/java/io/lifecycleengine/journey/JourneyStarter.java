package io.lifecycleengine.journey;

import io.lifecycleengine.journey.JourneyProcess.Variables;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Starts a user's journey unless one is running; a user whose journey ended comes back as returning. */
@Component
class JourneyStarter {

    private static final Logger log = LoggerFactory.getLogger(JourneyStarter.class);

    private final JourneyRegistry registry;
    private final RuntimeService runtime;
    private final TransactionTemplate transaction;
    private final Clock clock;

    JourneyStarter(JourneyRegistry registry, RuntimeService runtime, TransactionTemplate transaction, Clock clock) {
        this.registry = registry;
        this.runtime = runtime;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** @return the id of the user's running journey */
    String ensureRunning(String userId) {
        try {
            return transaction.execute(status -> startUnlessRunning(userId));
        } catch (DuplicateKeyException startedElsewhere) {
            return registry.runningInstance(userId).orElseThrow(() -> startedElsewhere);
        }
    }

    private String startUnlessRunning(String userId) {
        Optional<Optional<String>> row = registry.findForUpdate(userId);
        if (row.isPresent() && row.get().isPresent()) {
            return row.get().get();
        }
        boolean returning = row.isPresent();
        if (!returning) {
            registry.register(userId, clock.instant());
        }
        String instanceId = runtime.startProcessInstanceByKey(JourneyProcess.PROCESS_KEY, userId, Map.of(
                Variables.USER_ID, userId,
                Variables.RETURNING, returning,
                Variables.ACTIVATED, false,
                Variables.STARTED_AT, Date.from(clock.instant()))).getId();
        registry.started(userId, instanceId, clock.instant());
        log.info("Journey {} started for user {}{}", instanceId, userId, returning ? " (returning)" : "");
        return instanceId;
    }
}
