package io.lifecycleengine.dimension;

import io.lifecycleengine.profile.BehaviorProfile;
import io.lifecycleengine.profile.ContentKind;
import java.util.Locale;
import java.util.Map;

/** The behavioral dimensions besides the lifecycle stage, each decided by its table {@code bpmn/segment-<name>.dmn}. */
public enum Dimension {
    ENGAGEMENT, PURCHASE, USAGE, CONTENT, INTENT;

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    String decisionKey() {
        return "segment-" + slug();
    }

    /** The facts of the profile that the dimension's decision table reads. */
    Map<String, Object> inputs(BehaviorProfile p) {
        return switch (this) {
            case ENGAGEMENT -> Map.of("activeDays7d", p.activeDays7d(), "activeDays30d", p.activeDays30d());
            case PURCHASE -> Map.of("purchases", p.purchases(), "revenue", p.revenue().doubleValue());
            case USAGE -> Map.of("events30d", p.last30d().events(), "activeDays30d", p.activeDays30d());
            case CONTENT -> {
                ContentKind dominant = p.last30d().dominantContent();
                yield Map.of("dominantContent", dominant == null ? "none" : dominant.slug(),
                        "contentEvents30d", p.last30d().contentEvents());
            }
            // a cart counts as the other intents do, in the last 30 days: an older one is not abandoned now
            case INTENT -> Map.of("demoRequests30d", p.last30d().demoRequests(),
                    "openCart", p.openCart() && p.last30d().cartAdds() + p.last30d().checkoutsStarted() > 0,
                    "pricingPageViews30d", p.last30d().pricingPageViews());
        };
    }
}
