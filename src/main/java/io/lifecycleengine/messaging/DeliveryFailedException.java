package io.lifecycleengine.messaging;

/** SMTP (or rendering) failed; the send is retried by the journey and ends in an incident when retries run out. */
public class DeliveryFailedException extends RuntimeException {

    /**
     * Starts the message of a failure where the mail server did not answer (down, unreachable, the connection dropped):
     * the sends worth retrying as soon as it answers again. One it answered with an error reply (a 4xx deferral such as
     * greylisting or a provider's rate limit, a 5xx refusal) or a rendering error keeps its retry cycle.
     */
    public static final String MAIL_SERVER_AWAY = "Mail server did not answer: ";

    DeliveryFailedException(String message, boolean mailServerAway, Throwable cause) {
        super((mailServerAway ? MAIL_SERVER_AWAY : "") + message, cause);
    }

    /** Whether the message of a failed send (as Camunda keeps it on the job) says the mail server did not answer. */
    public static boolean isMailServerAway(String failureMessage) {
        return failureMessage != null && failureMessage.startsWith(MAIL_SERVER_AWAY);
    }
}
