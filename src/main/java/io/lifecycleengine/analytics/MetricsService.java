package io.lifecycleengine.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.stereotype.Service;

/** The six metrics and message performance for a period and population; definitions in {@code docs/metrics.md}. */
@Service
public class MetricsService {

    private final LifecycleMetrics lifecycle;
    private final RetentionMetrics retention;
    private final MessageMetrics messages;
    private final Clock clock;

    MetricsService(LifecycleMetrics lifecycle, RetentionMetrics retention, MessageMetrics messages, Clock clock) {
        this.lifecycle = lifecycle;
        this.retention = retention;
        this.messages = messages;
        this.clock = clock;
    }

    MetricReports.Engagement engagement(Period period, Population population) {
        return new MetricReports.Engagement(period, name(population), lifecycle.engagement(period, population));
    }

    MetricReports.Conversion conversion(Period period, Population population, int windowDays) {
        return new MetricReports.Conversion(period, name(population), windowDays,
                lifecycle.conversion(period, population, Duration.ofDays(windowDays)));
    }

    MetricReports.Retention retention(Period period, Population population, int weeks) {
        return new MetricReports.Retention(period, name(population), weeks,
                retention.cohorts(period, population, weeks, LocalDate.now(clock.withZone(ZoneOffset.UTC))));
    }

    MetricReports.Rate churn(Period period, Population population) {
        long[] counts = lifecycle.churn(period, population);
        return new MetricReports.Rate(period, name(population),
                "users NEW, ACTIVE or HIGH_INTENT at the start who reached CHURNED in the period", counts[0], counts[1],
                LifecycleMetrics.ratio(counts[1], counts[0]));
    }

    MetricReports.Rate reactivation(Period period, Population population) {
        long[] counts = lifecycle.reactivation(period, population);
        return new MetricReports.Rate(period, name(population),
                "users INACTIVE or CHURNED at the start or during the period who came back to ACTIVE in the period",
                counts[0], counts[1], LifecycleMetrics.ratio(counts[1], counts[0]));
    }

    MetricReports.TimeToConversion timeToConversion(Period period, Population population) {
        return lifecycle.timeToConversion(period, population, name(population));
    }

    MetricReports.Messages messages(Period period, Population population, int conversionWindowDays) {
        return new MetricReports.Messages(period, name(population), conversionWindowDays,
                messages.performance(period, population, Duration.ofDays(conversionWindowDays)));
    }

    private static String name(Population population) {
        return population.dimension() == null ? "everyone" : population.dimension() + ":" + population.segment();
    }
}
