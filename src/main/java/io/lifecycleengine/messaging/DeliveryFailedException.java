package io.lifecycleengine.messaging;

/** SMTP (or rendering) failed; the send is retried by the journey and ends in an incident when retries run out. */
public class DeliveryFailedException extends RuntimeException {

    DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
