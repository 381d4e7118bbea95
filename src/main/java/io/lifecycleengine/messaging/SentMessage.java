package io.lifecycleengine.messaging;

import java.time.Instant;
import java.util.List;

/**
 * A message of a user as the API shows it: template (message kind), status, when, why when skipped or
 * failed, and every status it went through.
 */
public record SentMessage(String template, String status, Instant at, String reason, List<StatusChange> history) {

    /** One step of a message's history: queued, sent, skipped, failed, opened or clicked. */
    public record StatusChange(String status, String reason, Instant at) {
    }
}
