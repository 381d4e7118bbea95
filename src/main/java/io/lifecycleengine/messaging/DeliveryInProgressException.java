package io.lifecycleengine.messaging;

/**
 * Another sender (a second node, or a job whose lock expired) holds the message's send lease; the caller
 * retries later and then finds the message sent, or the lease expired.
 */
public class DeliveryInProgressException extends RuntimeException {

    DeliveryInProgressException(String message) {
        super(message);
    }
}
