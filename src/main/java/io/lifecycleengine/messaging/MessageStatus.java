package io.lifecycleengine.messaging;

import java.util.Locale;

public enum MessageStatus {
    QUEUED, SENT, SKIPPED, FAILED;

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isFinal() {
        return this == SENT || this == SKIPPED;
    }
}
