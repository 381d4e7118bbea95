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
        return new MetricReports.Engagement(period, population.name(), lifecycle.engagement(period, population));
    }

    MetricReports.Conversion conversion(Period period, Population population, int windowDays) {
        return new MetricReports.Conversion(period, population.name(), windowDays,
                lifecycle.conversion(period, population, Duration.ofDays(windowDays)));
    }

    MetricReports.Retention retention(Period period, Population population, int weeks) {
        return new MetricReports.Retention(period, population.name(), weeks,
                retention.cohorts(period, population, weeks, LocalDate.now(clock.withZone(ZoneOffset.UTC))));
    }

    MetricReports.Rate churn(Period period, Population population) {
        return rate(period, population, "users NEW, ACTIVE or HIGH_INTENT at the start who reached CHURNED in the period",
                lifecycle.churn(period, population));
    }

    MetricReports.Rate reactivation(Period period, Population population) {
        return rate(period, population,
                "users INACTIVE or CHURNED at the start or during the period who came back to ACTIVE in the period",
                lifecycle.reactivation(period, population));
    }

    MetricReports.TimeToConversion timeToConversion(Period period, Population population) {
        LifecycleMetrics.HoursToConversion hours = lifecycle.timeToConversion(period, population);
        return new MetricReports.TimeToConversion(period, population.name(), hours.conversions(),
                Percentiles.hours(hours.fromFirstSeen()), Percentiles.hours(hours.fromHighIntent()));
    }

    MetricReports.Messages messages(Period period, Population population, int conversionWindowDays) {
        return new MetricReports.Messages(period, population.name(), conversionWindowDays,
                messages.performance(period, population, Duration.ofDays(conversionWindowDays)));
    }

    private static MetricReports.Rate rate(Period period, Population population, String definition,
                                           LifecycleMetrics.Counted counted) {
        return new MetricReports.Rate(period, population.name(), definition, counted.base(), counted.count(),
                LifecycleMetrics.ratio(counted.count(), counted.base()));
    }
}
