package io.lifecycleengine.messaging;

/**
 * A message a journey wants sent. The idempotency key names the send uniquely (journey and
 * transition), so asking twice never mails twice.
 */
public record MessageRequest(String idempotencyKey, String userId, String kind, String journeyId) {
}
