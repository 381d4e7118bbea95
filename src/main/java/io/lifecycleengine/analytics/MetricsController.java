package io.lifecycleengine.analytics;

import io.lifecycleengine.system.BadRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/metrics/*}: every metric for the days {@code from}–{@code to} (UTC, both included; default the last 30). */
@RestController
@RequestMapping("/api/metrics")
class MetricsController {

    /** The query parameters every metric takes. */
    record Scope(@Parameter(description = "First day, e.g. 2026-03-01 (default: 29 days before 'to')",
                            schema = @Schema(type = "string", format = "date")) String from,
                 @Parameter(description = "Last day, included (default: today)",
                            schema = @Schema(type = "string", format = "date")) String to,
                 @Parameter(description = "Only current members of one segment, as dimension:segment, e.g. usage:power-user")
                 String segment) {
    }

    private final MetricsService metrics;
    private final Populations populations;
    private final Clock clock;

    MetricsController(MetricsService metrics, Populations populations, Clock clock) {
        this.metrics = metrics;
        this.populations = populations;
        this.clock = clock;
    }

    @Operation(summary = "Engagement rate and events per member of every segment of every dimension")
    @GetMapping("/engagement")
    MetricReports.Engagement engagement(@ParameterObject Scope scope) {
        return metrics.engagement(period(scope), populations.of(scope.segment()));
    }

    @Operation(summary = "Conversion rate by the behavior that made users high-intent")
    @GetMapping("/conversion")
    MetricReports.Conversion conversion(@ParameterObject Scope scope,
                                        @Parameter(description = "Days after entering high intent that a conversion counts",
                                                   schema = @Schema(type = "integer", minimum = "1", maximum = "365",
                                                                    defaultValue = "7"))
                                        @RequestParam(defaultValue = "7") String windowDays) {
        return metrics.conversion(period(scope), populations.of(scope.segment()), positive("windowDays", windowDays, 365));
    }

    @Operation(summary = "Retention by weekly signup cohort")
    @GetMapping("/retention")
    MetricReports.Retention retention(@ParameterObject Scope scope,
                                      @Parameter(description = "Weeks after signup to report", schema = @Schema(
                                              type = "integer", minimum = "1", maximum = "104", defaultValue = "8"))
                                      @RequestParam(defaultValue = "8") String weeks) {
        return metrics.retention(period(scope), populations.of(scope.segment()), positive("weeks", weeks, 104));
    }

    @Operation(summary = "Churn rate")
    @GetMapping("/churn")
    MetricReports.Rate churn(@ParameterObject Scope scope) {
        return metrics.churn(period(scope), populations.of(scope.segment()));
    }

    @Operation(summary = "Reactivation rate")
    @GetMapping("/reactivation")
    MetricReports.Rate reactivation(@ParameterObject Scope scope) {
        return metrics.reactivation(period(scope), populations.of(scope.segment()));
    }

    @Operation(summary = "Time to conversion from first seen and from entering high intent")
    @GetMapping("/time-to-conversion")
    MetricReports.TimeToConversion timeToConversion(@ParameterObject Scope scope) {
        return metrics.timeToConversion(period(scope), populations.of(scope.segment()));
    }

    @Operation(summary = "Per message kind: sent, skipped by reason, opened, clicked, converted, and lift over the holdout")
    @GetMapping("/messages")
    MetricReports.Messages messages(@ParameterObject Scope scope,
                                    @Parameter(description = "Days after a message that a purchase counts", schema = @Schema(
                                            type = "integer", minimum = "1", maximum = "365", defaultValue = "7"))
                                    @RequestParam(defaultValue = "7") String conversionDays) {
        return metrics.messages(period(scope), populations.of(scope.segment()),
                positive("conversionDays", conversionDays, 365));
    }

    private Period period(Scope scope) {
        return Period.of(scope.from(), scope.to(), clock);
    }

    private static int positive(String name, String value, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new BadRequestException("Parameter '" + name + "' must be a whole number from 1 to " + max);
    }
}
