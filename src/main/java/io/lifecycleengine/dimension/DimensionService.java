package io.lifecycleengine.dimension;

import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.SegmentService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Keeps each user in exactly one segment per dimension, re-deciding after every change of their profile. */
@Service
public class DimensionService {

    private static final Logger log = LoggerFactory.getLogger(DimensionService.class);
    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final ProfileService profiles;
    private final Decisions decisions;
    private final SegmentService segments;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL.toNanos());

    DimensionService(ProfileService profiles, Decisions decisions, SegmentService segments) {
        this.profiles = profiles;
        this.decisions = decisions;
        this.segments = segments;
    }

    /** Re-decides every dimension of the user; a change is recorded with the rule's reason. Runs in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void refresh(String userId) {
        refreshAll(List.of(userId));
    }

    /**
     * {@link #refresh} for many users, with a fixed number of queries and one decision command. A table that cannot
     * decide for a user leaves them in their segment of it, as in {@link #refreshProfiles}.
     *
     * @return how many segment changes were recorded
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int refreshAll(Collection<String> userIds) {
        return refreshAll(userIds, false);
    }

    /** {@link #refreshAll}, but a table that cannot decide for one of the users fails it, naming the table. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int refreshAllOrFail(Collection<String> userIds) {
        return refreshAll(userIds, true);
    }

    private int refreshAll(Collection<String> userIds, boolean strict) {
        // memberships first: a profile read before them could be older than what an event just decided, or gone by alias
        segments.lockMemberships(userIds);
        Map<String, BehaviorProfile> found = profiles.findAll(userIds);
        return refresh(userIds.stream().map(found::get).filter(Objects::nonNull).toList(), strict);
    }

    /**
     * {@link #refreshAll} for profiles the caller has just folded in its transaction (see
     * {@link ProfileService#applyBatch}), which it need not read again. A dimension whose table cannot decide for a
     * user (an analyst's edit left no rule for them, or reads an input it is not given) leaves the user in their
     * segment of it, with a warning: the events that were folded are stored all the same.
     *
     * @return how many segment changes were recorded
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int refreshProfiles(List<BehaviorProfile> users) {
        return refresh(users, false);
    }

    /** @param strict whether a table that cannot decide for a user fails the whole refresh */
    private int refresh(List<BehaviorProfile> users, boolean strict) {
        if (users.isEmpty()) {
            return 0;
        }
        List<Decisions.Evaluation> evaluations = new ArrayList<>(users.size() * Dimension.values().length);
        for (BehaviorProfile profile : users) {
            for (Dimension dimension : Dimension.values()) {
                evaluations.add(new Decisions.Evaluation(dimension.decisionKey(), dimension.inputs(profile)));
            }
        }
        List<Decisions.Decided> decided = decisions.evaluateAll(evaluations);
        Map<String, List<SegmentService.Assignment>> assignments = new LinkedHashMap<>();
        int next = 0;
        for (BehaviorProfile profile : users) {
            List<SegmentService.Assignment> mine = new ArrayList<>(Dimension.values().length);
            for (Dimension dimension : Dimension.values()) {
                Decisions.Decided result = decided.get(next++);
                Object segment = result.failure() == null ? result.outputs().get("segment") : null;
                if (segment == null || segment.toString().length() > SegmentService.MAX_SEGMENT_LENGTH) {
                    RuntimeException failure = result.failure() != null ? result.failure()
                            : new IllegalStateException("Decision " + dimension.decisionKey() + " gave "
                                    + (segment == null ? "no segment" : "a segment longer than "
                                    + SegmentService.MAX_SEGMENT_LENGTH + " characters: " + segment));
                    if (strict) {
                        throw failure;
                    }
                    undecided(dimension, profile.userId(), failure);
                    continue;
                }
                Object reason = result.outputs().get("reason");
                mine.add(new SegmentService.Assignment(dimension.slug(), segment.toString(),
                        reason == null ? "decided by " + dimension.decisionKey() + ", no reason given" : reason.toString()));
            }
            assignments.put(profile.userId(), mine);
        }
        return segments.assignAll(assignments);
    }

    /** Warns at most once a minute, so that a broken table does not write a line per event. */
    private void undecided(Dimension dimension, String userId, RuntimeException failure) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL.toNanos() && lastWarning.compareAndSet(last, now)) {
            log.warn("Table {} could not decide the {} segment of user {}, who stays in their segment: {} "
                    + "(warned at most once a minute)", dimension.decisionKey(), dimension.slug(), userId, failure.toString());
        }
    }
}
