package io.lifecycleengine.analytics;

import io.lifecycleengine.journey.JourneyStatistics;
import io.lifecycleengine.segment.SegmentService;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Recomputes the {@link Snapshot} every {@code lifecycle.analytics.refresh-interval}, or less often when a refresh
 * takes long ({@link RefreshPace}), and publishes it to the meters.
 */
@Component
class AnalyticsSnapshot {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsSnapshot.class);
    private static final int DASHBOARD_DAYS = 30;
    private static final int RETENTION_WEEKS = 8;
    private static final int CONVERSION_DAYS = 7;

    private final SnapshotQueries queries;
    private final SegmentService segments;
    private final MetricsService metrics;
    private final JourneyStatistics journeys;
    private final LifecycleMeters meters;
    private final Clock clock;
    private final Duration refreshInterval;
    private final RefreshPace pace = new RefreshPace();
    private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);
    /** All-time transition counts, kept up to date by reading only the transitions added since the last refresh. */
    private final Map<List<String>, Long> transitionTotals = new TreeMap<>(Comparator.comparing(List::toString));
    private long countedUpToId;
    /**
     * The lifecycle transitions counted among the last {@link #LATE_COMMIT_IDS} ids: each refresh reads those ids
     * again, as a transaction that took a lower id may commit after a higher one was read (MySQL gives ids at insert).
     */
    private final Set<Long> countedRecently = new HashSet<>();
    private static final long LATE_COMMIT_IDS = 10_000;

    AnalyticsSnapshot(SnapshotQueries queries, SegmentService segments, MetricsService metrics, JourneyStatistics journeys,
                      LifecycleMeters meters, Clock clock,
                      @Value("${lifecycle.analytics.refresh-interval}") Duration refreshInterval) {
        this.queries = queries;
        this.segments = segments;
        this.metrics = metrics;
        this.journeys = journeys;
        this.meters = meters;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    Snapshot current() {
        return current.get();
    }

    /** Every refresh interval, unless the last refresh's {@link RefreshPace} asks for a longer pause. */
    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${lifecycle.analytics.refresh-interval}")
    void scheduledRefresh() {
        long started = System.nanoTime();
        if (!pace.due(started)) {
            return;
        }
        try {
            refresh();
        } catch (DataAccessException unavailable) {
            log.warn("Analytics snapshot not refreshed: {}", unavailable.getMostSpecificCause().getMessage());
        } finally {
            long ended = System.nanoTime();
            Duration pause = pace.refreshed(started, ended);
            if (pause.compareTo(refreshInterval) > 0) {
                log.info("Analytics snapshot took {} s: the next refresh waits at least {} s instead of the refresh interval {}",
                        Duration.ofNanos(ended - started).toSeconds(), pause.toSeconds(), refreshInterval);
            }
        }
    }

    synchronized Snapshot refresh() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long keepAbove = queries.highestTransitionId() - LATE_COMMIT_IDS;
        SnapshotQueries.TransitionTotals added = queries.transitionsAfter(Math.max(0, countedUpToId - LATE_COMMIT_IDS), id -> {
            if (countedRecently.contains(id)) {
                return false;
            }
            if (id > keepAbove) {
                countedRecently.add(id);
            }
            return true;
        });
        added.counts().forEach((fromTo, count) -> transitionTotals.merge(fromTo, count, Long::sum));
        countedUpToId = added.highestId();
        countedRecently.removeIf(id -> id <= countedUpToId - LATE_COMMIT_IDS);
        List<Snapshot.Count> transitions = transitionTotals.entrySet().stream()
                .map(entry -> new Snapshot.Count(entry.getKey().get(0), entry.getKey().get(1), entry.getValue())).toList();
        List<Snapshot.Count> members = new ArrayList<>();
        segments.sizes().forEach((dimension, sizes) -> sizes.forEach((segment, count) ->
                members.add(new Snapshot.Count(dimension, segment, count))));
        Snapshot snapshot = new Snapshot(now, members, transitions,
                queries.messages(), journeys.runningJourneys(), journeys.openIncidents(),
                dashboard(new Period(today.minusDays(DASHBOARD_DAYS - 1L), today), Population.EVERYONE));
        current.set(snapshot);
        meters.update(snapshot);
        return snapshot;
    }

    /** The dashboard of another period or population, computed now: the default one comes from the snapshot. */
    Snapshot withDashboardOf(Period period, Population population) {
        Snapshot latest = current.get();
        return new Snapshot(latest.computedAt(), latest.segmentMembers(), latest.lifecycleTransitions(), latest.messages(),
                latest.journeysRunning(), latest.incidents(), dashboard(period, population));
    }

    /**
     * Retention covers the cohorts of the period's last eight weeks; "this week" is the period's last seven days, or the
     * whole period when it is shorter.
     */
    private Snapshot.Dashboard dashboard(Period period, Population population) {
        LocalDate last = period.to();
        LocalDate cohortsFrom = last.minusWeeks(RETENTION_WEEKS).with(DayOfWeek.MONDAY);
        Period cohorts = new Period(cohortsFrom.isBefore(period.from()) ? period.from() : cohortsFrom, last);
        List<LocalDate> days = period.from().datesUntil(last.plusDays(1)).toList();
        Instant end = period.end();
        Instant weekAgo = end.minus(Duration.ofDays(7));
        Instant flowFrom = weekAgo.isBefore(period.start()) ? period.start() : weekAgo;
        return new Snapshot.Dashboard(period, days, queries.stageSizes(days, population),
                queries.lifecycleTransitions(flowFrom, end, population),
                metrics.engagement(period, population),
                metrics.conversion(period, population, CONVERSION_DAYS),
                metrics.retention(cohorts, population, RETENTION_WEEKS),
                metrics.churn(period, population),
                metrics.reactivation(period, population),
                metrics.timeToConversion(period, population),
                metrics.messages(period, population, CONVERSION_DAYS));
    }
}
