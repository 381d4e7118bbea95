package io.lifecycleengine.dimension;

import io.lifecycleengine.profile.ProfileService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Segments over 7- and 30-day windows change as days pass without any event (a highly active user who
 * stops becomes inactive). Once a day this re-decides the dimensions of everyone active within the
 * look-back; users quiet for longer already sit in the quiet segments.
 */
@Component
class SegmentAging {

    private static final Logger log = LoggerFactory.getLogger(SegmentAging.class);
    private static final int PAGE = 200;

    private final ProfileService profiles;
    private final DimensionService dimensions;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration lookBack;

    SegmentAging(ProfileService profiles, DimensionService dimensions, TransactionTemplate transaction, Clock clock,
                 @Value("${lifecycle.segments.aging-look-back:P35D}") Duration lookBack) {
        this.profiles = profiles;
        this.dimensions = dimensions;
        this.transaction = transaction;
        this.clock = clock;
        this.lookBack = lookBack;
    }

    @Scheduled(cron = "${lifecycle.segments.aging-cron:0 20 3 * * *}", zone = "UTC")
    void daily() {
        log.info("Segments re-decided for {} recently active users", refreshRecentlyActive());
    }

    /** @return how many users were re-decided */
    long refreshRecentlyActive() {
        Instant since = clock.instant().minus(lookBack);
        long refreshed = 0;
        String after = null;
        List<String> page;
        do {
            page = profiles.activeSince(since, after, PAGE);
            List<String> users = page;
            transaction.executeWithoutResult(status -> dimensions.refreshAll(users));
            refreshed += page.size();
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == PAGE);
        return refreshed;
    }
}
