package io.lifecycleengine.profile;

import java.time.Instant;

/**
 * What a journey's stage decision reads of a user: when they were last active (first seen, if never) and on
 * how many of the last 7 UTC days (today included), as {@link BehaviorProfile#activeDays7d()} counts them.
 */
public record RecentActivity(Instant lastActiveAt, int activeDays7d) {
}
