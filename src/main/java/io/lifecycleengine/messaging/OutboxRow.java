package io.lifecycleengine.messaging;

import java.time.Instant;

record OutboxRow(long id, String idempotencyKey, String userId, String kind, MessageStatus status,
                 String statusReason, int attempts, Instant updatedAt) {
}
