package io.lifecycleengine.analytics;

import java.util.List;

/** Nearest-rank percentiles. */
final class Percentiles {

    private Percentiles() {
    }

    static MetricReports.Hours hours(List<Double> values) {
        if (values.isEmpty()) {
            return new MetricReports.Hours(null, null);
        }
        List<Double> sorted = values.stream().sorted().toList();
        return new MetricReports.Hours(rank(sorted, 0.5), rank(sorted, 0.9));
    }

    /** The smallest value with at least {@code share} of all values at or below it. */
    static double rank(List<Double> sorted, double share) {
        int rank = (int) Math.ceil(share * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
