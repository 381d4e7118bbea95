package io.lifecycleengine.dimension;

import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.SegmentService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        BehaviorProfile profile = profiles.find(userId).orElse(null);
        if (profile == null) {
            return;
        }
        List<SegmentService.Assignment> assignments = new ArrayList<>(Dimension.values().length);
        for (Dimension dimension : Dimension.values()) {
            Map<String, Object> decided = decisions.evaluate(dimension.decisionKey(), dimension.inputs(profile));
            assignments.add(new SegmentService.Assignment(dimension.slug(), String.valueOf(decided.get("segment")),
                    String.valueOf(decided.get("reason"))));
        }
        segments.assign(userId, assignments);
    }
}
