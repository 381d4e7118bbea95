package io.lifecycleengine.segment;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Segment membership and its history: every move is recorded with from, to, when, why and which journey. */
@Service
public class SegmentService {

    static final int MAX_REASON_LENGTH = 255;

    private final SegmentRepository repository;
    private final Clock clock;

    SegmentService(SegmentRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Moves a user to a lifecycle stage.
     *
     * @throws IllegalStateException when the lifecycle does not allow that move
     */
    @Transactional
    public Transition moveToStage(String userId, LifecycleStage to, String reason, String journeyId) {
        Optional<LifecycleStage> from = repository.segmentOf(userId, LifecycleStage.DIMENSION, true)
                .map(LifecycleStage::valueOf);
        if (!LifecycleStage.canEnter(from.orElse(null), to)) {
            throw new IllegalStateException("User " + userId + " cannot move from " + from.orElse(null) + " to " + to);
        }
        Instant now = clock.instant();
        String shortReason = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        repository.saveMembership(userId, LifecycleStage.DIMENSION, to.name(), now, from.isPresent());
        long id = repository.insertTransition(userId, LifecycleStage.DIMENSION, from.map(Enum::name).orElse(null),
                to.name(), now, shortReason, journeyId);
        return new Transition(id, userId, LifecycleStage.DIMENSION, from.map(Enum::name).orElse(null), to.name(), now,
                shortReason, journeyId);
    }

    /** Removes the user from every segment; their transition history stays. */
    @Transactional
    public void forget(String userId) {
        repository.deleteMemberships(userId);
    }

    /** Moves the user's memberships to another id (alias), keeping where they are and since when. */
    @Transactional
    public void rekey(String fromUserId, String toUserId) {
        repository.moveMemberships(fromUserId, toUserId);
    }

    public Optional<StageMembership> stageOf(String userId) {
        return repository.stageMembership(userId);
    }

    public List<Transition> lifecycleTransitions(String userId) {
        return repository.transitions(userId, LifecycleStage.DIMENSION);
    }

    /** Users per lifecycle stage, every stage listed. */
    public Map<String, Long> stageSizes() {
        Map<String, Long> counted = repository.sizes(LifecycleStage.DIMENSION);
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            sizes.put(stage.name(), counted.getOrDefault(stage.name(), 0L));
        }
        return sizes;
    }
}
