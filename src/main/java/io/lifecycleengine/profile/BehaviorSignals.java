package io.lifecycleengine.profile;

import java.math.BigDecimal;

/**
 * What one event says about behavior; {@code intent} and {@code content} are null when it shows none. {@code optOut}: the
 * person asked for no more marketing email (an email provider's {@code Unsubscribed}, {@code Email Marked as Spam}).
 */
public record BehaviorSignals(boolean activity, boolean pageView, IntentKind intent, ContentKind content,
                              boolean purchase, BigDecimal revenue, boolean optOut) {

    public boolean showsIntent() {
        return intent != null;
    }
}
