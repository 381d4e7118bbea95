package io.lifecycleengine.segment;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle stages a journey moves a user through, and which moves are legal. */
public enum LifecycleStage {
    NEW, ACTIVE, HIGH_INTENT, INACTIVE, CHURNED;

    public static final String DIMENSION = "lifecycle";

    public Set<LifecycleStage> next() {
        return switch (this) {
            case NEW -> EnumSet.of(ACTIVE, HIGH_INTENT, INACTIVE);
            case ACTIVE -> EnumSet.of(HIGH_INTENT, INACTIVE);
            case HIGH_INTENT -> EnumSet.of(ACTIVE, NEW, INACTIVE);
            case INACTIVE -> EnumSet.of(CHURNED, ACTIVE);
            case CHURNED -> EnumSet.of(ACTIVE);
        };
    }

    /** A user without a stage enters as NEW, or as ACTIVE when a new journey reactivates them. */
    public static boolean canEnter(LifecycleStage from, LifecycleStage to) {
        return from == null ? (to == NEW || to == ACTIVE) : from.next().contains(to);
    }
}
