package io.lifecycleengine.profile;

import java.math.BigDecimal;

/** Sums of a user's daily buckets over a window of UTC days (activity events only). */
public record WindowTotals(int activeDays, long events, long pageViews, int intentSignals, int purchases,
                           BigDecimal revenue, int blog, int video, int email, int lesson) {

    static final WindowTotals NONE = new WindowTotals(0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0, 0, 0);

    public int content(ContentKind kind) {
        return switch (kind) {
            case BLOG -> blog;
            case VIDEO -> video;
            case EMAIL -> email;
            case LESSON -> lesson;
        };
    }
}
