package io.lifecycleengine.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifecycleengine.ingest.BehaviorEvent;
import io.lifecycleengine.ingest.EventType;
import java.math.BigDecimal;
import java.time.Instant;

/** The stored counters of one profile; {@link #fold} returns the state after one more event. */
record ProfileState(
        String userId,
        String email,
        ObjectNode traits,
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
        int contentBlog,
        int contentVideo,
        int contentEmail,
        int contentLesson,
        Instant lastCartAt,
        Instant traitsAt) {

    static final int MAX_EMAIL_LENGTH = 320;
    private static final ObjectNode OPTED_OUT = JsonNodeFactory.instance.objectNode().put("unsubscribed", true);

    static ProfileState empty(String userId, ObjectNode traits, Instant firstSeenAt) {
        return new ProfileState(userId, null, traits, firstSeenAt, firstSeenAt, null, 0, 0, 0, 0, BigDecimal.ZERO,
                null, 0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, null, null);
    }

    ProfileState fold(BehaviorEvent event, BehaviorSignals signals) {
        Instant at = event.eventTime();
        ObjectNode mergedTraits = traits;
        String newEmail = email;
        Instant newTraitsAt = traitsAt;
        // an opt-out event sets the trait Customer.io keeps for it, so that a later identify may set it back
        JsonNode given = event.type() == EventType.IDENTIFY ? event.traits() : signals.optOut() ? OPTED_OUT : null;
        if (given != null && given.size() > 0) {
            // the newest identify wins; an older one (late, or a merged user's) only fills in what is missing
            boolean newest = traitsAt == null || !at.isBefore(traitsAt);
            ObjectNode copy = traits.deepCopy();
            if (newest) {
                copy.setAll((ObjectNode) given);
                newTraitsAt = at;
            } else {
                given.fields().forEachRemaining(trait -> copy.putIfAbsent(trait.getKey(), trait.getValue()));
            }
            mergedTraits = copy;
            newEmail = emailOf(copy);
        }
        IntentKind intent = signals.intent();
        ContentKind content = signals.content();
        boolean latestIntent = intent != null && (lastIntentAt == null || !at.isBefore(lastIntentAt));
        return new ProfileState(
                userId,
                newEmail,
                mergedTraits,
                earliest(firstSeenAt, at),
                latest(lastEventAt, at),
                signals.activity() ? latest(lastActivityAt, at) : lastActivityAt,
                events + 1,
                activities + (signals.activity() ? 1 : 0),
                pageViews + (signals.pageView() ? 1 : 0),
                purchases + (signals.purchase() ? 1 : 0),
                revenue.add(signals.revenue()),
                signals.purchase() ? latest(lastPurchaseAt, at) : lastPurchaseAt,
                intentSignals + (intent != null ? 1 : 0),
                pricingPageViews + (intent == IntentKind.PRICING_PAGE ? 1 : 0),
                cartAdds + (intent == IntentKind.CART ? 1 : 0),
                checkoutsStarted + (intent == IntentKind.CHECKOUT ? 1 : 0),
                demoRequests + (intent == IntentKind.DEMO ? 1 : 0),
                latestIntent ? at : lastIntentAt,
                latestIntent ? intent : lastIntentKind,
                contentBlog + (content == ContentKind.BLOG ? 1 : 0),
                contentVideo + (content == ContentKind.VIDEO ? 1 : 0),
                contentEmail + (content == ContentKind.EMAIL ? 1 : 0),
                contentLesson + (content == ContentKind.LESSON ? 1 : 0),
                intent == IntentKind.CART || intent == IntentKind.CHECKOUT ? latest(lastCartAt, at) : lastCartAt,
                newTraitsAt);
    }

    /** The address in the {@code email} trait; null when the trait is absent, null or blank (removed). */
    private static String emailOf(ObjectNode traits) {
        String email = traits.path("email").asText("").trim();
        return email.isEmpty() || email.length() > MAX_EMAIL_LENGTH ? null : email;
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static Instant latest(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
