package io.lifecycleengine.journey;

import java.time.Instant;

/** A signal stored with the event that raised it, until its journey has heard it. */
record PendingSignal(long id, String userId, SignalKind kind, String intentKind, Instant createdAt, int attempts) {
}
