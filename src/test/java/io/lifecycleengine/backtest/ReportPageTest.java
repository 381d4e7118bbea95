package io.lifecycleengine.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lifecycleengine.messaging.MessageOutcome;
import io.lifecycleengine.support.BrowserSession;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** The backtest's {@code report.html}, opened from the disk in real headless Chromium. */
class ReportPageTest {

    @TempDir
    Path out;

    @Test
    void aLabelThatReadsLikeMarkupLeavesTheChartsDrawn() throws Exception {
        write(report(List.of(day("2026-01-05", 3), day("2026-01-06", 2)), "<!--<script>withdrawn"));

        try (BrowserSession browser = BrowserSession.start()) {
            browser.open(out.resolve("report.html").toUri().toString());

            assertThat(browser.evaluate("return document.querySelectorAll('script').length").asInt())
                    .as("Chart.js, the data and the charts' script").isEqualTo(3);
            assertThat(browser.evaluate("return [Chart.getChart('stageSizes') != null, Chart.getChart('messages') != null]"))
                    .hasToString("[true,true]");
            assertThat(browser.evaluate("return document.querySelector('#labels td').textContent").asText())
                    .isEqualTo("<!--<script>withdrawn");
        }
    }

    @Test
    void theStageSizesOfAOneDayRunAreDrawn() throws Exception {
        write(report(List.of(day("2026-01-05", 3)), "withdrawn"));

        try (BrowserSession browser = BrowserSession.start()) {
            browser.open(out.resolve("report.html").toUri().toString());

            assertThat(browser.evaluate(BrowserSession.chartInk("stageSizes")).asLong())
                    .as("pixels of the stages' colours in the plot area").isPositive();
            assertThat(browser.evaluate("return document.querySelector('header p').textContent").asText())
                    .contains("4 timers fired").contains("(2 more postponed: the user was active again before the window ended)");
        }
    }

    private void write(BacktestReport report) throws Exception {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        SpringTemplateEngine templates = new SpringTemplateEngine();
        templates.setTemplateResolver(resolver);
        JsonMapper json = JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        new ReportWriter(json, templates).write(report, out);
    }

    private static BacktestReport report(List<BacktestReport.StageDay> days, String label) {
        BacktestReport.Summary summary = new BacktestReport.Summary("events.ndjson", 20, 0, 3, Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-07T00:00:00Z"), 4, 2, Map.of("inactive-after", "P14D"), 1.5);
        return new BacktestReport(summary, days, Map.of("start->NEW", 3L, "NEW->ACTIVE", 1L),
                List.of(new MessageOutcome("welcome", "sent", null, 3)),
                List.of(new BacktestReport.StageTime("NEW", 1, 2, 1.0, 1.0)),
                List.of(new BacktestReport.LabelScore(label, "inactive", 3, 1, 1, 1, 1.0, 1.0, 2.0)));
    }

    private static BacktestReport.StageDay day(String day, long active) {
        return new BacktestReport.StageDay(LocalDate.parse(day), Map.of("NEW", 3 - active, "ACTIVE", active));
    }
}
