package io.lifecycleengine.dimension;

import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.SegmentService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Keeps each user in exactly one segment per dimension, re-deciding after every change of their profile. */
@Service
public class DimensionService {

    private final ProfileService profiles;
    private final Decisions decisions;
    private final SegmentService segments;

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
     * {@link #refresh} for many users, with a fixed number of queries and one decision command.
     *
     * @return how many segment changes were recorded
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int refreshAll(Collection<String> userIds) {
        // memberships first: a profile read before them could be older than what an event just decided, or gone by alias
        segments.lockMemberships(userIds);
        Map<String, BehaviorProfile> found = profiles.findAll(userIds);
        return refreshProfiles(userIds.stream().map(found::get).filter(Objects::nonNull).toList());
    }

    /**
     * {@link #refreshAll} for profiles the caller has just folded in its transaction (see
     * {@link ProfileService#applyBatch}), which it need not read again.
     *
     * @return how many segment changes were recorded
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int refreshProfiles(List<BehaviorProfile> users) {
        if (users.isEmpty()) {
            return 0;
        }
        List<Decisions.Evaluation> evaluations = new ArrayList<>(users.size() * Dimension.values().length);
        for (BehaviorProfile profile : users) {
            for (Dimension dimension : Dimension.values()) {
                evaluations.add(new Decisions.Evaluation(dimension.decisionKey(), dimension.inputs(profile)));
            }
        }
        List<Map<String, Object>> decided = decisions.evaluateAll(evaluations);
        Map<String, List<SegmentService.Assignment>> assignments = new LinkedHashMap<>();
        int next = 0;
        for (BehaviorProfile profile : users) {
            List<SegmentService.Assignment> mine = new ArrayList<>(Dimension.values().length);
            for (Dimension dimension : Dimension.values()) {
                Map<String, Object> result = decided.get(next++);
                mine.add(new SegmentService.Assignment(dimension.slug(), String.valueOf(result.get("segment")),
                        String.valueOf(result.get("reason"))));
            }
            assignments.put(profile.userId(), mine);
        }
        return segments.assignAll(assignments);
    }
}
