package io.lifecycleengine.messaging;

import java.util.Locale;

/**
 * Where a message is: QUEUED to FAILED are delivery states (SENDING while one sender holds its lease);
 * OPENED and CLICKED only appear in its history.
 */
public enum MessageStatus {
    QUEUED, SENDING, SENT, SKIPPED, FAILED, OPENED, CLICKED;

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isFinal() {
        return this == SENT || this == SKIPPED;
    }
}
