package io.lifecycleengine.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What {@code /api/metrics/*} answers; definitions in {@code docs/metrics.md}. */
public final class MetricReports {

    private MetricReports() {
    }

    public record Engagement(Period period, String population, List<SegmentEngagement> segments) {
    }

    /** Members at the end of the period, and how many of them were active in it. */
    public record SegmentEngagement(String dimension, String segment, long members, long activeMembers,
                                    double engagementRate, double eventsPerMember) {
    }

    public record Conversion(Period period, String population, int windowDays, List<BehaviorConversion> behaviors) {
    }

    /** Users who entered high intent through this behavior in the period, and how many converted within the window. */
    public record BehaviorConversion(String behavior, long entered, long converted, double rate) {
    }

    public record Retention(Period period, String population, int weeks, List<Cohort> cohorts) {
    }

    /** Users first seen in the week starting {@code weekStart}; {@code retention.get(k)} is the share active in their week k, null while it has not begun. */
    public record Cohort(LocalDate weekStart, long users, List<Double> retention) {
    }

    /** {@code count} of the {@code base} users, as a share. */
    public record Rate(Period period, String population, String definition, long base, long count, double rate) {
    }

    public record TimeToConversion(Period period, String population, long conversions, Hours fromFirstSeen,
                                   Hours fromHighIntent) {
    }

    /** Median and 90th percentile, in hours; null without data. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Hours(Double median, Double p90) {
    }

    public record Messages(Period period, String population, int conversionWindowDays, List<MessagePerformance> kinds) {
    }

    /**
     * One message kind's messages created in the period. {@code converted} counts sent messages whose
     * user purchased within the window; {@code lift} compares that with the holdout.
     */
    public record MessagePerformance(String kind, long sent, Map<String, Long> skipped, long failed, long opened,
                                     long clicked, long converted, double conversionRate, Lift lift) {
    }

    /**
     * Conversion of sent minus conversion of held out, with a 95 % confidence interval (normal
     * approximation for a difference of two proportions); null figures without a holdout.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Lift(long heldOut, long heldOutConverted, Double heldOutRate, Double lift, Double low, Double high) {
    }
}
