package io.lifecycleengine.profile;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Adds up a user's daily buckets into {@link WindowTotals}, one bucket row at a time. */
final class WindowSum {

    private int activeDays;
    private long events;
    private long pageViews;
    private int intentSignals;
    private int purchases;
    private BigDecimal revenue = BigDecimal.ZERO;
    private int blog;
    private int video;
    private int email;
    private int lesson;
    private int pricingPageViews;
    private int cartAdds;
    private int checkoutsStarted;
    private int demoRequests;

    /** Adds the bucket whose counters start at {@code column}, in the order of {@code Profiles.DAY_COUNTERS}. */
    void add(ResultSet bucket, int column) throws SQLException {
        activeDays++;
        pageViews += bucket.getLong(column);
        intentSignals += bucket.getInt(column + 1);
        purchases += bucket.getInt(column + 2);
        revenue = revenue.add(bucket.getBigDecimal(column + 3));
        blog += bucket.getInt(column + 4);
        video += bucket.getInt(column + 5);
        email += bucket.getInt(column + 6);
        lesson += bucket.getInt(column + 7);
        pricingPageViews += bucket.getInt(column + 8);
        cartAdds += bucket.getInt(column + 9);
        checkoutsStarted += bucket.getInt(column + 10);
        demoRequests += bucket.getInt(column + 11);
        events += bucket.getLong(column + 12);
    }

    WindowTotals totals() {
        return new WindowTotals(activeDays, events, pageViews, intentSignals, purchases, revenue, blog, video, email,
                lesson, pricingPageViews, cartAdds, checkoutsStarted, demoRequests);
    }
}
