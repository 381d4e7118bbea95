package io.lifecycleengine.segment;

import java.time.Instant;

/** A member of a segment, and since when. */
public record Member(String userId, Instant since) {
}
