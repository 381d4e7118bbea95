package io.lifecycleengine.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ContentKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code GET /api/users/{userId}}: the lifecycle stage and the behavior profile behind it. */
record UserView(String userId, String stage, Instant stageSince, Map<String, String> segments, String email,
                JsonNode traits, Profile profile) {

    static UserView of(BehaviorProfile p, String stage, Instant stageSince, Map<String, String> segments) {
        return new UserView(p.userId(), stage, stageSince, segments, p.email(), p.traits(), new Profile(
                p.firstSeenAt(), p.lastEventAt(), p.lastActivityAt(), p.events(), p.activeDays7d(), p.activeDays30d(),
                p.last7d().events(), p.last30d().events(), p.pageViews(), p.purchases(), p.last30d().purchases(),
                p.revenue(), p.lastPurchaseAt(), p.intentSignals(), p.pricingPageViews(), p.cartAdds(),
                p.checkoutsStarted(), p.demoRequests(), p.lastIntentAt(),
                p.lastIntentKind() == null ? null : p.lastIntentKind().slug(), slugs(p.content()),
                slugs(Arrays.stream(ContentKind.values()).collect(Collectors.toMap(k -> k, p.last30d()::content)))));
    }

    private static Map<String, Integer> slugs(Map<ContentKind, Integer> counts) {
        Map<String, Integer> bySlug = new TreeMap<>();
        counts.forEach((kind, count) -> bySlug.put(kind.slug(), count));
        return bySlug;
    }

    record Profile(Instant firstSeenAt, Instant lastEventAt, Instant lastActivityAt, long events, int activeDays7d,
                   int activeDays30d, long events7d, long events30d, long pageViews, int purchases, int purchases30d,
                   BigDecimal revenue, Instant lastPurchaseAt, int intentSignals, int pricingPageViews, int cartAdds,
                   int checkoutsStarted, int demoRequests, Instant lastIntentAt, String lastIntent,
                   Map<String, Integer> content, Map<String, Integer> content30d) {
    }
}
