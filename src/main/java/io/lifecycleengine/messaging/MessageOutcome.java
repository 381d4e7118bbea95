package io.lifecycleengine.messaging;

/** A count of messages of one kind with one outcome, e.g. welcome / skipped / frequency-cap. */
public record MessageOutcome(String kind, String status, String reason, long count) {
}
