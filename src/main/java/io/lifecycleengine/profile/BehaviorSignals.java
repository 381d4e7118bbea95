package io.lifecycleengine.profile;

import java.math.BigDecimal;

/** What one event says about behavior; {@code intent} and {@code content} are null when it shows none. */
public record BehaviorSignals(boolean activity, boolean pageView, IntentKind intent, ContentKind content,
                              boolean purchase, BigDecimal revenue) {

    public boolean showsIntent() {
        return intent != null;
    }
}
