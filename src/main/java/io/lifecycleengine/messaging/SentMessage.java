package io.lifecycleengine.messaging;

import java.time.Instant;

/** A message of a user as the API shows it: template (message kind), status, when, and why when skipped or failed. */
public record SentMessage(String template, String status, Instant at, String reason) {
}
