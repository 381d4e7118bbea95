package io.lifecycleengine.profile;

import java.util.Locale;

/** What kind of buying intent an event shows. */
public enum IntentKind {
    PRICING_PAGE, CART, CHECKOUT, DEMO;

    /** Lower-case-with-dashes, as used in reasons, templates and the API. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
