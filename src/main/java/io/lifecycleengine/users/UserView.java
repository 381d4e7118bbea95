package io.lifecycleengine.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.profile.BehaviorProfile;
import java.math.BigDecimal;
import java.time.Instant;

/** {@code GET /api/users/{userId}}: the lifecycle stage and the behavior profile behind it. */
record UserView(String userId, String stage, Instant stageSince, String email, JsonNode traits, Profile profile) {

    static UserView of(BehaviorProfile p, String stage, Instant stageSince) {
        return new UserView(p.userId(), stage, stageSince, p.email(), p.traits(), new Profile(
                p.firstSeenAt(), p.lastEventAt(), p.lastActivityAt(), p.events(), p.activeDays7d(), p.activeDays30d(),
                p.pageViews(), p.purchases(), p.revenue(), p.lastPurchaseAt(), p.intentSignals(), p.pricingPageViews(),
                p.cartAdds(), p.checkoutsStarted(), p.demoRequests(), p.lastIntentAt(),
                p.lastIntentKind() == null ? null : p.lastIntentKind().slug()));
    }

    record Profile(Instant firstSeenAt, Instant lastEventAt, Instant lastActivityAt, long events, int activeDays7d,
                   int activeDays30d, long pageViews, int purchases, BigDecimal revenue, Instant lastPurchaseAt,
                   int intentSignals, int pricingPageViews, int cartAdds, int checkoutsStarted, int demoRequests,
                   Instant lastIntentAt, String lastIntent) {
    }
}
