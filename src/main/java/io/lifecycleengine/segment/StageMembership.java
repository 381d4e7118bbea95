package io.lifecycleengine.segment;

import java.time.Instant;

/** The lifecycle stage a user is in, and since when. */
public record StageMembership(String userId, LifecycleStage stage, Instant since) {
}
