package io.lifecycleengine.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A user's behavior profile as of now: lifetime counters, and sums over the last 7 and 30 UTC days
 * (today included) from the daily buckets.
 */
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
        int purchases,
        BigDecimal revenue,
        Instant lastPurchaseAt,
        int intentSignals,
        int pricingPageViews,
        int cartAdds,
        int checkoutsStarted,
        int demoRequests,
        Instant lastIntentAt,
        IntentKind lastIntentKind,
        Instant lastCartAt,
        Map<ContentKind, Integer> content,
        WindowTotals last7d,
        WindowTotals last30d) {

    /**
     * A cart or checkout later than the last purchase, to the second: MySQL keeps these times to the second, so
     * a profile just folded and the same profile read back decide alike.
     */
    public boolean openCart() {
        return lastCartAt != null && (lastPurchaseAt == null || lastCartAt.getEpochSecond() > lastPurchaseAt.getEpochSecond());
    }

    public int activeDays7d() {
        return last7d.activeDays();
    }

    public int activeDays30d() {
        return last30d.activeDays();
    }

    /** A trait as text, or null. */
    public String trait(String name) {
        return traitText(traits, name);
    }

    /** A trait as text, or null when absent or JSON null. */
    static String traitText(JsonNode traits, String name) {
        JsonNode value = traits == null ? null : traits.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Map<ContentKind, Integer> content(int blog, int video, int email, int lesson) {
        Map<ContentKind, Integer> content = new EnumMap<>(ContentKind.class);
        content.put(ContentKind.BLOG, blog);
        content.put(ContentKind.VIDEO, video);
        content.put(ContentKind.EMAIL, email);
        content.put(ContentKind.LESSON, lesson);
        return content;
    }
}
