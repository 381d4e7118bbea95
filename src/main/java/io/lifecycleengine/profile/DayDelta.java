package io.lifecycleengine.profile;

import java.math.BigDecimal;

/** What a batch adds to one day's bucket, summed in memory before one write. */
final class DayDelta {

    private int events;
    private int pageViews;
    private int intentSignals;
    private int purchases;
    private BigDecimal revenue = BigDecimal.ZERO;
    private final int[] content = new int[ContentKind.values().length];
    private final int[] intent = new int[IntentKind.values().length];

    void add(BehaviorSignals s) {
        events++;
        pageViews += s.pageView() ? 1 : 0;
        intentSignals += s.showsIntent() ? 1 : 0;
        purchases += s.purchase() ? 1 : 0;
        revenue = revenue.add(s.revenue());
        if (s.content() != null) {
            content[s.content().ordinal()]++;
        }
        if (s.intent() != null) {
            intent[s.intent().ordinal()]++;
        }
    }

    int events() {
        return events;
    }

    /** In the column order of the bucket writes: page views … demo requests. */
    Object[] columns() {
        return new Object[] {pageViews, intentSignals, purchases, revenue,
                content[ContentKind.BLOG.ordinal()], content[ContentKind.VIDEO.ordinal()],
                content[ContentKind.EMAIL.ordinal()], content[ContentKind.LESSON.ordinal()],
                intent[IntentKind.PRICING_PAGE.ordinal()], intent[IntentKind.CART.ordinal()],
                intent[IntentKind.CHECKOUT.ordinal()], intent[IntentKind.DEMO.ordinal()]};
    }
}
