package io.lifecycleengine.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.LifecycleEngineApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest of three students over 60 days, small enough to work out by hand with the default windows
 * (activation on 2 active days in 7, onboarding 7 days, inactive after 14, reminder 5 days later,
 * churned after 30): "quitter" activates on day 2 and leaves, labelled withdrawn on day 40; "regular"
 * learns every few days; "drifter" comes once.
 */
class BacktestCommandTest {

    @TempDir
    Path out;

    @Test
    void aSmallHistoryGivesTheReportWorkedOutByHand() throws Exception {
        Instant before = Instant.now();
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = BacktestCommand.run(LifecycleEngineApplication.class, new String[] {
                "--events", resource("fixture.ndjson"), "--labels", resource("fixture-labels.csv"),
                "--baseline", "docs/backtest/demographic-baseline.dmn", "--bpmn", "bpmn",
                "--to", "2026-03-06T12:00:00Z", "--out", out.toString()}, new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(exit).as(console.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(ClockUtil.getCurrentTime().toInstant()).as("the clock is the wall clock again").isAfterOrEqualTo(before);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("summary").path("eventCount").asLong()).isEqualTo(20);
        assertThat(report.path("summary").path("users").asLong()).isEqualTo(3);
        // quitter: inactivity, reminder, churn; drifter: onboarding over, reminder, churn; regular: none — each of its
        // inactivity timers (due Jan 20, 29, Feb 8, 18, 28) found a lesson within the window and waited on
        assertThat(report.path("summary").path("timersFired").asLong()).isEqualTo(6);
        assertThat(report.path("summary").path("timersPostponed").asLong()).isEqualTo(5);
        assertThat(counts(report.path("transitions"))).isEqualTo(Map.of("start->NEW", 3L, "NEW->ACTIVE", 2L,
                "ACTIVE->INACTIVE", 1L, "NEW->INACTIVE", 1L, "INACTIVE->CHURNED", 2L));
        Map<String, Long> sent = new HashMap<>();
        report.path("messages").forEach(m -> sent.merge(m.path("kind").asText() + ":" + m.path("status").asText(),
                m.path("count").asLong(), Long::sum));
        assertThat(sent).isEqualTo(Map.of("welcome:sent", 3L, "feature-guide:sent", 2L, "re-engagement:sent", 2L,
                "re-engagement-reminder:sent", 2L, "win-back:sent", 2L));
        JsonNode lastDay = report.path("stageSizes").get(report.path("stageSizes").size() - 1);
        assertThat(lastDay.path("day").asText()).isEqualTo("2026-03-06");
        assertThat(counts(lastDay.path("stages"))).containsEntry("ACTIVE", 1L).containsEntry("CHURNED", 2L)
                .containsEntry("NEW", 0L).containsEntry("INACTIVE", 0L);
        JsonNode newStage = report.path("timeInStage").get(0);
        assertThat(newStage.path("stage").asText()).isEqualTo("NEW");
        assertThat(newStage.path("stints").asLong()).isEqualTo(3);
        assertThat(newStage.path("medianDays").asDouble()).as("from the identify a second before the first lesson")
                .isCloseTo(2.0, within(0.001));

        assertThat(score(report, "inactive")).isEqualTo("population 3, labelled 1, flagged 2, caught 1, precision 0.5, recall 1.0, lead 24.00");
        assertThat(score(report, "churned")).isEqualTo("population 3, labelled 1, flagged 2, caught 1, precision 0.5, recall 1.0, lead 8.00");
        assertThat(score(report, "disengaged at label"))
                .isEqualTo("population 3, labelled 1, flagged 2, caught 1, precision 0.5, recall 1.0, lead 24.00");
        assertThat(score(report, "baseline: demographic baseline"))
                .isEqualTo("population 3, labelled 1, flagged 1, caught 1, precision 1.0, recall 1.0, lead 40.00");

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<canvas id=\"stageSizes\">", "baseline: demographic baseline", "new Chart(")
                .doesNotContain("/webjars/");
        assertThat(html.replaceAll("\\s+", " ")).containsPattern("windows (<span>[a-z-]+ P\\d+D </span>)+· models <span>[^<]*bpmn");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("20 events, 3 users, 6 timers fired (5 more postponed)")
                .contains("[##############################] 100% 20/20 events, simulated day 2026-03-06, ");
    }

    @Test
    void badArgumentsAreNamed() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8);

        assertThat(BacktestCommand.run(LifecycleEngineApplication.class, new String[] {"--labels", "x.csv"}, print)).isEqualTo(2);
        assertThat(BacktestCommand.run(LifecycleEngineApplication.class, new String[] {"--events", "no-such-file.ndjson"}, print))
                .isEqualTo(2);
        assertThat(BacktestCommand.run(LifecycleEngineApplication.class, new String[] {"--events", "pom.xml", "--from",
                "2026-02-01", "--to", "2026-01-01"}, print)).isEqualTo(2);
        assertThat(BacktestCommand.run(LifecycleEngineApplication.class, new String[] {"--events", "pom.xml", "--set",
                "lifecycle.journey.inactve-after=P21D"}, print)).isEqualTo(2);
        assertThat(BacktestCommand.run(LifecycleEngineApplication.class, new String[] {"--events", "pom.xml", "--set",
                "lifecycle.journey.inactive-after=21days"}, print)).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("--events FILE is required", "cannot read no-such-file.ndjson",
                "--to is before --from", "usage: java -jar lifecycle-engine.jar backtest",
                "--set lifecycle.journey.inactve-after: the engine has no such setting; under lifecycle.journey it has",
                "lifecycle.journey.inactive-after,",
                "--set lifecycle.journey.inactive-after takes an ISO-8601 duration such as P14D, not 21days");
    }

    @Test
    void settingsOfTheEngineAndEntriesOfItsMapsAreKnown() {
        assertThat(BacktestCommand.parse(new String[] {"--events", "pom.xml", "--set", "lifecycle.messaging.holdout.welcome=0.1",
                "--set", "lifecycle.messaging.frequency-cap.max=5", "--set", "camunda.bpm.anything=1"}).set()).hasSize(3);
    }

    @Test
    void aBaselineThatIsNoDecisionIsNamed() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = BacktestCommand.run(LifecycleEngineApplication.class, new String[] {"--events", resource("fixture.ndjson"),
                "--baseline", resource("fixture.ndjson"), "--out", out.resolve("report").toString()},
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("fixture.ndjson is not a DMN decision: ")
                .doesNotContain("\tat ");
    }

    @Test
    void aBadLineOfTheEventLogIsNamed() throws Exception {
        Path events = out.resolve("events.ndjson");
        Files.writeString(events, """
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"m1","timestamp":"2026-01-05T10:00:00Z"}
                {"type":"track","userId":"u1","event":
                """);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = BacktestCommand.run(LifecycleEngineApplication.class, new String[] {"--events", events.toString(),
                "--out", out.resolve("report").toString()}, new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("backtest: " + events + ", line 2: not valid JSON");
        assertThat(out.resolve("report")).doesNotExist();
    }

    @Test
    void setReplacesWhatTheCommandSetsItself() throws Exception {
        BacktestCommand.Options options = BacktestCommand.parse(new String[] {"--events", resource("fixture.ndjson"),
                "--set", "logging.level.root=info", "--set", "lifecycle.journey.inactive-after=P10D"});

        assertThat(BacktestCommand.engineArguments(options))
                .contains("--logging.level.root=info", "--lifecycle.journey.inactive-after=P10D")
                .doesNotContain("--logging.level.root=warn")
                .filteredOn(argument -> argument.startsWith("--logging.level.root=")).hasSize(1);
    }

    private static String score(JsonNode report, String flag) {
        for (JsonNode score : report.path("labels")) {
            if (score.path("flag").asText().equals(flag)) {
                return "population " + score.path("population").asLong() + ", labelled " + score.path("labelled").asLong()
                        + ", flagged " + score.path("flagged").asLong() + ", caught " + score.path("caught").asLong()
                        + ", precision " + score.path("precision").asDouble() + ", recall " + score.path("recall").asDouble()
                        + ", lead " + String.format(Locale.ROOT, "%.2f", score.path("medianLeadDays").asDouble());
            }
        }
        throw new AssertionError("No score for " + flag + " in " + report.path("labels"));
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new HashMap<>();
        object.fields().forEachRemaining(field -> counts.put(field.getKey(), field.getValue().asLong()));
        return counts;
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(BacktestCommandTest.class.getResource("/backtest/" + name).toURI()).toString();
    }
}
