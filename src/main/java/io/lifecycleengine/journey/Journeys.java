package io.lifecycleengine.journey;

import io.lifecycleengine.segment.SegmentService;
import java.util.Optional;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What happens to journeys when alias merges one user into another. */
@Service
public class Journeys {

    private static final Logger log = LoggerFactory.getLogger(Journeys.class);

    private final JourneyRegistry registry;
    private final PendingSignals pending;
    private final SegmentService segments;
    private final RuntimeService runtime;

    Journeys(JourneyRegistry registry, PendingSignals pending, SegmentService segments, RuntimeService runtime) {
        this.registry = registry;
        this.pending = pending;
        this.segments = segments;
        this.runtime = runtime;
    }

    /**
     * The merged user's journey carries on as the surviving user's when that user has none and no events of
     * their own yet; otherwise it ends, leaving one journey. Runs inside the caller's transaction. Camunda 7
     * cannot change a business key, so a carried-on journey keeps the old one; its {@code userId} variable
     * names the user.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void merge(String fromUserId, String intoUserId) {
        Optional<String> journey = registry.runningInstance(fromUserId);
        // a surviving user with segments has had events of their own: their journey is starting, if not started
        if (journey.isPresent() && registry.findForUpdate(intoUserId).isEmpty() && segments.membershipsOf(intoUserId).isEmpty()) {
            try {
                registry.rekey(fromUserId, intoUserId);
                segments.rekey(fromUserId, intoUserId);
            } catch (DuplicateKeyException startedMeanwhile) {
                // the surviving user's first events committed after the looks above: the caller tries again, and retires
                throw new ConcurrencyFailureException("User " + intoUserId + " got a journey meanwhile", startedMeanwhile);
            }
            runtime.setVariable(journey.get(), JourneyProcess.Variables.USER_ID, intoUserId);
            // a message the journey is sending or holding for quiet hours goes to the surviving user
            runtime.createProcessInstanceQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                    .variableValueEquals(JourneyProcess.Variables.JOURNEY_ID, journey.get()).list().forEach(send ->
                            runtime.setVariable(send.getId(), JourneyProcess.Variables.USER_ID, intoUserId));
            pending.forgetUser(fromUserId);
            log.info("Journey {} of user {} continues as user {}", journey.get(), fromUserId, intoUserId);
        } else {
            retire(fromUserId, "merged into another user");
        }
    }

    private void retire(String userId, String reason) {
        registry.runningInstance(userId).ifPresent(journeyId -> {
            try {
                runtime.deleteProcessInstance(journeyId, reason);
            } catch (OptimisticLockingException busy) {
                throw new ConcurrencyFailureException("Journey " + journeyId + " was busy", busy);
            }
            log.info("Journey {} of user {} ended: {}", journeyId, userId, reason);
        });
        registry.forget(userId);
        pending.forgetUser(userId);
        segments.forget(userId);
    }
}
