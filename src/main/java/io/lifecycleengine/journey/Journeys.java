package io.lifecycleengine.journey;

import io.lifecycleengine.messaging.MessagingService;
import io.lifecycleengine.segment.SegmentService;
import java.util.Optional;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
    private final MessagingService messaging;
    private final RuntimeService runtime;

    Journeys(JourneyRegistry registry, PendingSignals pending, SegmentService segments, MessagingService messaging,
             RuntimeService runtime) {
        this.registry = registry;
        this.pending = pending;
        this.segments = segments;
        this.messaging = messaging;
        this.runtime = runtime;
    }

    /**
     * The merged user's journey carries on as the surviving user's when that user's journey ended (archived), or
     * when they have none and no events of their own yet; otherwise it ends, leaving one journey. Either way the merged user's messages (sent, and
     * held for quiet hours) follow to the surviving user. Runs inside the caller's transaction. Camunda 7
     * cannot change a business key, so a carried-on journey keeps the old one; its {@code userId} variable
     * names the user.
     *
     * @return true when the merged user's journey carries on (it has heard their behavior), false when the
     *         surviving user's journey, if any, goes on without having heard it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean merge(String fromUserId, String intoUserId) {
        Optional<String> registered = registry.runningInstance(fromUserId);
        // its sends share its business key: found by it, they are found by index
        String businessKey = registered.map(this::businessKeyOf).orElse(null);
        // a journey an operator deleted in Cockpit is none
        Optional<String> journey = businessKey == null ? Optional.empty() : registered;
        messaging.moveMessages(fromUserId, intoUserId);
        Optional<Optional<String>> survivor = registry.findForUpdate(intoUserId);
        boolean survivorsEnded = survivor.isPresent() && survivor.get().isEmpty();
        // a surviving user with segments but no journey row has had events of their own: their journey is starting
        if (journey.isPresent() && (survivorsEnded
                || survivor.isEmpty() && segments.membershipsOf(intoUserId).isEmpty())) {
            Optional<Long> mergedUsersLatest = segments.latestStageTransitionId(fromUserId);
            try {
                if (survivorsEnded) {
                    registry.takeOver(fromUserId, intoUserId);
                    segments.takeOver(fromUserId, intoUserId, journey.get());
                } else {
                    registry.rekey(fromUserId, intoUserId);
                    segments.rekey(fromUserId, intoUserId);
                }
            } catch (DuplicateKeyException startedMeanwhile) {
                // the surviving user's first events committed after the looks above: the caller tries again, and retires
                throw new ConcurrencyFailureException("User " + intoUserId + " got a journey meanwhile", startedMeanwhile);
            }
            pointAt(journey.get(), intoUserId);
            pointSendsAt(journey.get(), businessKey, intoUserId);
            if (survivorsEnded) {
                mergedUsersLatest.ifPresent(latest -> keepHeldMessagesCurrent(journey.get(), businessKey, latest, intoUserId));
            }
            // what the journey has not heard yet of the merged user it hears as the surviving user's
            pending.moveUser(fromUserId, intoUserId);
            log.info("Journey {} of user {} continues as user {}", journey.get(), fromUserId, intoUserId);
            return true;
        }
        retire(fromUserId, "merged into another user");
        journey.ifPresent(ended -> pointSendsAt(ended, businessKey, intoUserId));
        return false;
    }

    private String businessKeyOf(String journeyId) {
        ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(journeyId).singleResult();
        return instance == null ? null : instance.getBusinessKey();
    }

    /** A message the journey is sending or holding for quiet hours goes to the surviving user. */
    private void pointSendsAt(String journeyId, String businessKey, String intoUserId) {
        if (businessKey == null) {
            return;
        }
        runtime.createProcessInstanceQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                .processInstanceBusinessKey(businessKey)
                .variableValueEquals(JourneyProcess.Variables.JOURNEY_ID, journeyId).list()
                .forEach(send -> pointAt(send.getId(), intoUserId));
    }

    /**
     * Taking over a journey moves the surviving user into its stage by way of MERGED: new stage transitions, but none
     * the journey made, so a message it holds that was current before stays current instead of being superseded.
     */
    private void keepHeldMessagesCurrent(String journeyId, String businessKey, long mergedUsersLatest, String intoUserId) {
        Optional<Long> latest = segments.latestStageTransitionId(intoUserId);
        if (latest.isEmpty()) {
            return;
        }
        runtime.createProcessInstanceQuery().processDefinitionKey(JourneyProcess.SEND_PROCESS_KEY)
                .processInstanceBusinessKey(businessKey)
                .variableValueEquals(JourneyProcess.Variables.JOURNEY_ID, journeyId)
                .variableValueEquals(JourneyProcess.Variables.HELD, true).list().stream()
                .filter(send -> runtime.getVariable(send.getId(), JourneyProcess.Variables.LAST_TRANSITION_ID)
                        instanceof Number transition && transition.longValue() == mergedUsersLatest)
                .forEach(send -> busyMeansRetry(send.getId(), () -> runtime.setVariable(send.getId(),
                        JourneyProcess.Variables.LAST_TRANSITION_ID, latest.get())));
    }

    private void pointAt(String instanceId, String userId) {
        busyMeansRetry(instanceId, () -> runtime.setVariable(instanceId, JourneyProcess.Variables.USER_ID, userId));
    }

    /**
     * A journey or send that a job is changing right now, or ended since the query: the whole call is tried again,
     * as for any write contention (Camunda has marked the transaction for rollback already).
     */
    private static void busyMeansRetry(String instanceId, Runnable change) {
        try {
            change.run();
        } catch (OptimisticLockingException | NullValueException busy) {
            throw new ConcurrencyFailureException("Process instance " + instanceId + " was busy or ended meanwhile", busy);
        }
    }

    private void retire(String userId, String reason) {
        Optional<String> journey = registry.runningInstance(userId);
        journey.ifPresent(journeyId -> {
            try {
                runtime.deleteProcessInstanceIfExists(journeyId, reason, false, true, false, false);
            } catch (OptimisticLockingException busy) {
                throw new ConcurrencyFailureException("Journey " + journeyId + " was busy", busy);
            }
            log.info("Journey {} of user {} ended: {}", journeyId, userId, reason);
        });
        registry.forget(userId);
        pending.forgetUser(userId);
        segments.leaveByMerge(userId, journey.orElse(null));
    }
}
