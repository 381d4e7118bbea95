package io.lifecycleengine.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The maintained aggregates behind the dashboard and the Prometheus series, recomputed on a schedule so
 * that neither scans the history per request.
 */
record Snapshot(Instant computedAt, List<Count> segmentMembers, List<Count> lifecycleTransitions,
                List<Count> messages, long journeysRunning, long incidents, Dashboard dashboard) {

    static final Snapshot EMPTY = new Snapshot(null, List.of(), List.of(), List.of(), 0, 0, null);

    /** A count under two labels: dimension and segment, from and to stage, or message kind and status. */
    record Count(String first, String second, long count) {
    }

    /** Everything the dashboard page shows, for the last 30 days. */
    record Dashboard(Period period, List<LocalDate> days, Map<String, List<Long>> stageSizes,
                     List<Count> transitionsThisWeek, MetricReports.Engagement engagement,
                     MetricReports.Conversion conversion, MetricReports.Retention retention, MetricReports.Rate churn,
                     MetricReports.Rate reactivation, MetricReports.TimeToConversion timeToConversion,
                     MetricReports.Messages messages) {
    }
}
