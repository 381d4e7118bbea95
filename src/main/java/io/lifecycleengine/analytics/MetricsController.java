package io.lifecycleengine.analytics;

import io.lifecycleengine.system.BadRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/metrics/*}: every metric for the days {@code from}–{@code to} (UTC, both included; default the last 30). */
@RestController
@RequestMapping("/api/metrics")
class MetricsController {

    private static final String FROM = "First day, e.g. 2026-03-01 (default: 29 days before 'to')";
    private static final String TO = "Last day, included (default: today)";
    private static final String SEGMENT = "Only current members of one segment, as dimension:segment, e.g. usage:power-user";

    private final MetricsService metrics;
    private final Clock clock;

    MetricsController(MetricsService metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Operation(summary = "Engagement rate and events per member of every segment of every dimension")
    @GetMapping("/engagement")
    MetricReports.Engagement engagement(@Parameter(description = FROM) @RequestParam(required = false) String from,
                                        @Parameter(description = TO) @RequestParam(required = false) String to,
                                        @Parameter(description = SEGMENT) @RequestParam(required = false) String segment) {
        return metrics.engagement(Period.of(from, to, clock), Population.of(segment));
    }

    @Operation(summary = "Conversion rate by the behavior that made users high-intent")
    @GetMapping("/conversion")
    MetricReports.Conversion conversion(@RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(required = false) String segment,
                                        @Parameter(description = "Days after entering high intent that a conversion counts")
                                        @RequestParam(defaultValue = "7") String windowDays) {
        return metrics.conversion(Period.of(from, to, clock), Population.of(segment), positive("windowDays", windowDays, 365));
    }

    @Operation(summary = "Retention by weekly signup cohort")
    @GetMapping("/retention")
    MetricReports.Retention retention(@RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to,
                                      @RequestParam(required = false) String segment,
                                      @Parameter(description = "Weeks after signup to report") @RequestParam(defaultValue = "8") String weeks) {
        return metrics.retention(Period.of(from, to, clock), Population.of(segment), positive("weeks", weeks, 104));
    }

    @Operation(summary = "Churn rate")
    @GetMapping("/churn")
    MetricReports.Rate churn(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(required = false) String segment) {
        return metrics.churn(Period.of(from, to, clock), Population.of(segment));
    }

    @Operation(summary = "Reactivation rate")
    @GetMapping("/reactivation")
    MetricReports.Rate reactivation(@RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String segment) {
        return metrics.reactivation(Period.of(from, to, clock), Population.of(segment));
    }

    @Operation(summary = "Time to conversion from first seen and from entering high intent")
    @GetMapping("/time-to-conversion")
    MetricReports.TimeToConversion timeToConversion(@RequestParam(required = false) String from,
                                                    @RequestParam(required = false) String to,
                                                    @RequestParam(required = false) String segment) {
        return metrics.timeToConversion(Period.of(from, to, clock), Population.of(segment));
    }

    @Operation(summary = "Per message kind: sent, skipped by reason, opened, clicked, converted, and lift over the holdout")
    @GetMapping("/messages")
    MetricReports.Messages messages(@RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String segment,
                                    @Parameter(description = "Days after a message that a purchase counts")
                                    @RequestParam(defaultValue = "7") String conversionDays) {
        return metrics.messages(Period.of(from, to, clock), Population.of(segment),
                positive("conversionDays", conversionDays, 365));
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
