package io.lifecycleengine.segment;

import java.time.Instant;

/** One move of a user between segments of a dimension; {@code from} is null on entry. */
public record Transition(long id, String userId, String dimension, String from, String to, Instant at,
                         String reason, String journeyId) {
}
