package io.lifecycleengine.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/** A user's behavior profile as of now; the active-day counts are over the last 7 and 30 UTC days. */
public record BehaviorProfile(
        String userId,
        String email,
        JsonNode traits,
        Instant firstSeenAt,
        Instant lastEventAt,
        Instant lastActivityAt,
        long events,
        long activities,
        long pageViews,
        int activeDays7d,
        int activeDays30d,
        int purchases,
        BigDecimal revenue,
        Instant lastPurchaseAt,
        int intentSignals,
        int pricingPageViews,
        int cartAdds,
        int checkoutsStarted,
        int demoRequests,
        Instant lastIntentAt,
        IntentKind lastIntentKind) {

    /** A trait as text, or null. */
    public String trait(String name) {
        JsonNode value = traits == null ? null : traits.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
