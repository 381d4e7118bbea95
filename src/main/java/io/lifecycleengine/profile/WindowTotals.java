package io.lifecycleengine.profile;

import java.math.BigDecimal;

/** Sums of a user's daily buckets over a window of UTC days (activity events only). */
public record WindowTotals(int activeDays, long events, long pageViews, int intentSignals, int purchases,
                           BigDecimal revenue, int blog, int video, int email, int lesson, int pricingPageViews,
                           int cartAdds, int checkoutsStarted, int demoRequests) {

    static final WindowTotals NONE = new WindowTotals(0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0, 0, 0, 0);

    public int contentEvents() {
        return blog + video + email + lesson;
    }

    /** The content kind with the most events (ties go to the earlier kind), or null without any. */
    public ContentKind dominantContent() {
        ContentKind dominant = null;
        for (ContentKind kind : ContentKind.values()) {
            if (content(kind) > 0 && (dominant == null || content(kind) > content(dominant))) {
                dominant = kind;
            }
        }
        return dominant;
    }

    public int content(ContentKind kind) {
        return switch (kind) {
            case BLOG -> blog;
            case VIDEO -> video;
            case EMAIL -> email;
            case LESSON -> lesson;
        };
    }
}
