package io.lifecycleengine.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.LifecycleEngineApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge cases of the backtest's input and of its report, worked out by hand with the default windows
 * (activation on 2 active days in 7, onboarding 7 days, inactive after 14, churned after 30).
 */
class BacktestEdgeCasesTest {

    @TempDir
    Path dir;

    /**
     * Segment's spec and the README: {@code timestamp} (or {@code originalTimestamp}) is the event time. A call that
     * has only {@code originalTimestamp} is replayed at 1970-01-01: the reader orders it by {@code timestamp} alone
     * (EPOCH when absent) and hands that to the parser as the time of receipt, which the event time may not pass.
     */
    @Test
    void aCallWithOnlyOriginalTimestampIsReplayedAtThatTime() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-0","originalTimestamp":"2026-01-05T12:00:00Z"}
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-1","timestamp":"2026-01-06T12:00:00Z"}
                """);

        Run run = backtest("--events", events.toString(), "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.console()).isZero();
        JsonNode report = run.report();
        assertThat(report.path("summary").path("from").asText()).isEqualTo("2026-01-05T12:00:00Z");
        assertThat(report.path("stageSizes").get(0).path("day").asText()).isEqualTo("2026-01-05");
        assertThat(report.path("stageSizes").size()).as("2026-01-05 and 2026-01-06").isEqualTo(2);
        assertThat(counts(report.path("transitions"))).isEqualTo(Map.of("start->NEW", 1L, "NEW->ACTIVE", 1L));
    }

    /**
     * A call from a client that sent it two days later (an offline phone), as Segment exports it: timestamp, sentAt
     * and receivedAt. The replay takes the call's own timestamp for its receipt, so the "clock skew" it corrects by
     * is timestamp - sentAt, minus the two days of the delay: the lesson of day 2 lands on day 0, the user has one
     * active day instead of two and never activates.
     */
    @Test
    void sentAtDoesNotMoveAnEventBackByTheClientsSendingDelay() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"identify","userId":"s","messageId":"s-i","timestamp":"2026-01-05T11:59:59Z","sentAt":"2026-01-05T11:59:59Z","receivedAt":"2026-01-05T12:00:00Z","traits":{"email":"s@x.example"}}
                {"type":"track","userId":"s","event":"Lesson Started","messageId":"s-1","timestamp":"2026-01-05T12:00:00Z","sentAt":"2026-01-05T12:00:00Z","receivedAt":"2026-01-05T12:00:01Z"}
                {"type":"track","userId":"s","event":"Lesson Started","messageId":"s-2","timestamp":"2026-01-07T12:00:00Z","sentAt":"2026-01-09T12:00:00Z","receivedAt":"2026-01-09T12:00:01Z"}
                """);

        Run run = backtest("--events", events.toString(), "--to", "2026-01-10T00:00:00Z", "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.console()).isZero();
        assertThat(counts(run.report().path("transitions"))).as("two active days within 7: activated on day 2")
                .isEqualTo(Map.of("start->NEW", 1L, "NEW->ACTIVE", 1L));
    }

    /** A call without any time cannot be placed on the simulated clock: it is refused by its line. */
    @Test
    void aCallWithoutTimestampIsRefusedByItsLine() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-0","timestamp":"2026-01-05T12:00:00Z"}
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-1"}
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-2","timestamp":"2026-01-06T12:00:00Z"}
                """);

        Run run = backtest("--events", events.toString(), "--out", dir.resolve("report").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.console()).contains(events + ", line 2: the call has no time").doesNotContain("\tat ");
    }

    /**
     * {@code --bpmn} exists to try a changed journey; a model with a mistake in it gives Spring's stack trace (the
     * exception leaves {@link BacktestCommand#run}) instead of one line naming the model and the problem.
     */
    @Test
    void aJourneyModelThatDoesNotParseIsNamedOnOneLine() throws Exception {
        Path models = Files.createDirectories(dir.resolve("bpmn"));
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            for (Path file : files.toList()) {
                Files.copy(file, models.resolve(file.getFileName()));
            }
        }
        Path journey = models.resolve("user-lifecycle.bpmn");
        Files.writeString(journey, Files.readString(journey).replaceFirst("<bpmn:sequenceFlow ", "<bpmn:sequenceFlowX "));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit;
        try {
            exit = BacktestCommand.run(LifecycleEngineApplication.class, new String[] {"--events",
                    "src/test/resources/backtest/fixture.ndjson", "--bpmn", models.toString(), "--out",
                    dir.resolve("report").toString()}, new PrintStream(console, true, StandardCharsets.UTF_8));
        } catch (RuntimeException escaped) {
            throw new AssertionError("the command threw instead of naming the bad model: " + escaped, escaped);
        }

        assertThat(exit).isNotZero();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("backtest: ", "user-lifecycle.bpmn")
                .doesNotContain("\tat ");
    }

    /**
     * An event log saved in Latin-1 (a spreadsheet's CSV export) is answered with "backtest: Input length = 1": neither
     * the file nor the line nor the problem is named.
     */
    @Test
    void anEventLogThatIsNotUtf8IsNamedWithItsLine() throws Exception {
        Path events = dir.resolve("events.csv");
        Files.write(events, ("userId,event,timestamp,course\n"
                + "u1,Lesson Started,2026-01-05T12:00:00Z,Caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));

        Run run = backtest("--events", events.toString(), "--out", dir.resolve("report").toString());

        assertThat(run.exit()).isNotZero();
        assertThat(run.console()).contains(events.toString(), "line 2").doesNotContain("Input length");
    }

    /**
     * {@code --out} naming an existing file: after the whole replay (minutes on a real log) the command answers
     * "backtest: FILE" and nothing else.
     */
    @Test
    void anOutThatIsAFileIsNamedAsSuch() throws Exception {
        Path out = Files.writeString(dir.resolve("out"), "not a directory");

        Run run = backtest("--events", "src/test/resources/backtest/fixture.ndjson", "--out", out.toString());

        assertThat(run.exit()).isNotZero();
        assertThat(run.console()).as("more than the bare path").containsAnyOf("directory", "--out")
                .doesNotContain("backtest: " + out + "\n");
    }

    /** A call sent twice (same messageId) is stored once: the report counts the events replayed, not the lines read. */
    @Test
    void aDuplicateCallIsCountedApartFromTheEvents() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-0","timestamp":"2026-01-05T12:00:00Z"}
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-0","timestamp":"2026-01-05T12:00:00Z"}
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-1","timestamp":"2026-01-06T12:00:00Z"}
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-0","timestamp":"2026-01-07T12:00:00Z"}
                """);

        Run run = backtest("--events", events.toString(), "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.console()).isZero();
        assertThat(run.report().path("summary").path("eventCount").asLong()).isEqualTo(2);
        assertThat(run.report().path("summary").path("duplicates").asLong()).isEqualTo(2);
        assertThat(run.console()).contains("backtest: 2 events (2 more left out as duplicates), 1 users");
        assertThat(Files.readString(run.out().resolve("report.html"))).contains("2 more left out as duplicates");
    }

    /** A labels file with its header only would score nothing, and the report would not say why: it is refused. */
    @Test
    void aLabelsFileWithoutLabelsIsRefused() throws Exception {
        Path labels = write("labels.csv", "userId,label,at\n");

        Run run = backtest("--events", "src/test/resources/backtest/fixture.ndjson", "--labels", labels.toString(),
                "--out", dir.resolve("report").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.console()).contains(labels + ": no labels under its header").doesNotContain("\tat ");
    }

    /** Spring names a setting of the wrong type by its value only: the command names the --set it came from. */
    @Test
    void aSettingOfTheWrongTypeIsNamed() throws Exception {
        Run run = backtest("--events", "src/test/resources/backtest/fixture.ndjson", "--set", "lifecycle.ingest.writers=many",
                "--out", dir.resolve("report").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.console()).contains("backtest: the engine did not start: ", "(--set lifecycle.ingest.writers=many)")
                .doesNotContain("\tat ");
    }

    /**
     * Two users, each with a journey, joined by an alias on day 3: the merged user's journey ends, and their history
     * ends in MERGED instead of vanishing, so day 1 still counts both as NEW; their stay in NEW, cut short by the
     * alias, counts neither as a stay that ended nor as one still going.
     */
    @Test
    void aMergedUserStaysInThePastStageSizes() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"track","userId":"merged","event":"Lesson Started","messageId":"m-1","timestamp":"2026-01-05T12:00:00Z"}
                {"type":"track","userId":"surviving","event":"Lesson Started","messageId":"s-1","timestamp":"2026-01-05T12:00:00Z"}
                {"type":"alias","previousId":"merged","userId":"surviving","messageId":"a-1","timestamp":"2026-01-07T12:00:00Z"}
                """);

        Run run = backtest("--events", events.toString(), "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.console()).isZero();
        JsonNode report = run.report();
        assertThat(report.path("stageSizes").get(0).path("stages").path("NEW").asLong()).as("2026-01-05").isEqualTo(2);
        assertThat(report.path("stageSizes").get(2).path("stages").path("NEW").asLong()).as("2026-01-07").isEqualTo(1);
        assertThat(report.path("stageSizes").get(2).path("stages").has("MERGED")).isFalse();
        assertThat(counts(report.path("transitions"))).isEqualTo(Map.of("start->NEW", 2L, "NEW->MERGED", 1L));
        JsonNode inNew = report.path("timeInStage").get(0);
        assertThat(inNew.path("stage").asText()).isEqualTo("NEW");
        assertThat(inNew.path("stints").asLong()).isZero();
        assertThat(inNew.path("open").asLong()).isEqualTo(1);
    }

    /**
     * "surviving" churned (5 February) and their journey was archived a day later; "merged" became ACTIVE on 11 February
     * and was aliased into "surviving" on the 12th, whose journey theirs became: the journey's stay in ACTIVE began on the
     * 11th and ended with inactivity fourteen days after the last activity, on the 25th. It is one stay of fourteen
     * days, not one of thirteen from the alias; and "surviving" is in CHURNED until the alias, in no stay of its own.
     */
    @Test
    void aJourneyTakenOverByAliasKeepsItsStayInTheStage() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"track","userId":"surviving","event":"Lesson Started","messageId":"s-1","timestamp":"2026-01-05T12:00:00Z"}
                {"type":"track","userId":"merged","event":"Lesson Started","messageId":"m-1","timestamp":"2026-02-10T12:00:00Z"}
                {"type":"track","userId":"merged","event":"Lesson Started","messageId":"m-2","timestamp":"2026-02-11T12:00:00Z"}
                {"type":"alias","previousId":"merged","userId":"surviving","messageId":"a-1","timestamp":"2026-02-12T12:00:00Z"}
                {"type":"track","userId":"later","event":"Lesson Started","messageId":"l-1","timestamp":"2026-03-10T12:00:00Z"}
                """);

        Run run = backtest("--events", events.toString(), "--set", "lifecycle.journey.archive-after=P1D",
                "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.console()).isZero();
        JsonNode report = run.report();
        assertThat(counts(report.path("transitions"))).as("the alias took the journey over")
                .containsEntry("CHURNED->MERGED", 1L).containsEntry("MERGED->ACTIVE", 1L)
                .containsEntry("ACTIVE->INACTIVE", 1L);
        JsonNode inActive = report.path("timeInStage").get(1);
        assertThat(inActive.path("stage").asText()).isEqualTo("ACTIVE");
        assertThat(inActive.path("stints").asLong()).isEqualTo(1);
        assertThat(inActive.path("medianDays").asDouble()).as("%s", inActive).isEqualTo(14.0);
        JsonNode inChurned = report.path("timeInStage").get(4);
        assertThat(inChurned.path("stage").asText()).isEqualTo("CHURNED");
        assertThat(inChurned.path("stints").asLong()).isZero();
        assertThat(inChurned.path("open").asLong()).isZero();
    }

    /**
     * A labels file saved by Excel on Windows: a byte-order mark, CRLF line ends, every field quoted, and times written
     * as the event log may write them (an offset without a colon, none at all: UTC).
     */
    @Test
    void aLabelsFileSavedByExcelIsRead() throws Exception {
        Path labels = write("labels.csv", "\uFEFF\"userId\",\"label\",\"at\"\r\n"
                + "\"quitter\",\"withdrawn\",\"2026-02-14T13:00:00+0100\"\r\n"
                + "\"regular, jr\",\"withdrawn\",\"2026-02-20T08:30:00\"\r\n");

        assertThat(Labels.read(labels).labels()).containsExactly(
                new Labels.Label("quitter", "withdrawn", Instant.parse("2026-02-14T12:00:00Z")),
                new Labels.Label("regular, jr", "withdrawn", Instant.parse("2026-02-20T08:30:00Z")));
    }

    /** The header names the three columns first, as the refusal of any other says; what follows them is left aside. */
    @Test
    void aLabelsFileWithFurtherColumnsIsRead() throws Exception {
        Path labels = write("labels.csv", "userId,label,at,final_result\nquitter,withdrawn,2026-02-14,Withdrawn\n");

        assertThat(Labels.read(labels).labels())
                .containsExactly(new Labels.Label("quitter", "withdrawn", Instant.parse("2026-02-14T00:00:00Z")));
    }

    /** {@code --to 2026-01-06}, like {@code --from 2026-01-05}, names a day replayed in full. */
    @Test
    void aDateAsToReplaysThatWholeDay() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-0","timestamp":"2026-01-05T12:00:00Z"}
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-1","timestamp":"2026-01-06T12:00:00Z"}
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-2","timestamp":"2026-01-07T00:00:00Z"}
                """);

        Run run = backtest("--events", events.toString(), "--from", "2026-01-05", "--to", "2026-01-06",
                "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.console()).isZero();
        JsonNode report = run.report();
        assertThat(report.path("summary").path("eventCount").asLong()).as("the events of 5 and 6 January").isEqualTo(2);
        assertThat(counts(report.path("transitions"))).isEqualTo(Map.of("start->NEW", 1L, "NEW->ACTIVE", 1L));
        JsonNode days = report.path("stageSizes");
        assertThat(days.get(days.size() - 1).path("day").asText()).isEqualTo("2026-01-06");
        assertThat(days.get(days.size() - 1).path("stages").path("ACTIVE").asLong()).isEqualTo(1);
    }

    /** A report directory that cannot be made is named before the replay, not after minutes of it. */
    @Test
    void anOutThatCannotBeMadeIsRefusedBeforeTheReplay() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-0","timestamp":"2026-01-05T12:00:00Z"}
                """);
        Path file = write("a-file", "x");

        Run run = backtest("--events", events.toString(), "--out", file.resolve("report").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.console()).contains("--out " + file.resolve("report") + ": " + file + " is a file")
                .doesNotContain("replaying");
    }

    /** A baseline whose output is not named {@code flagged} would flag nobody and be scored as a rule that never fires. */
    @Test
    void aBaselineWithoutTheOutputFlaggedIsRefused() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"track","userId":"u1","event":"Lesson Started","messageId":"u1-0","timestamp":"2026-01-05T12:00:00Z"}
                """);
        Path labels = write("labels.csv", "userId,label,at\nu1,withdrawn,2026-01-06\n");
        Path baseline = write("baseline.dmn", Files.readString(Path.of("docs/backtest/demographic-baseline.dmn"))
                .replace("name=\"flagged\"", "name=\"withdraws\""));

        Run run = backtest("--events", events.toString(), "--labels", labels.toString(), "--baseline", baseline.toString(),
                "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.console()).isEqualTo(2);
        assertThat(run.console()).contains(baseline + ": the decision 'demographic baseline' has no output 'flagged' (its outputs:"
                + " withdraws)").doesNotContain("replaying");
    }

    /**
     * A baseline that reads a trait as an integer, for users one of whom has a text there: the rule cannot decide for
     * that user, who counts as not flagged, and the replay's report is written all the same. A labelled user who never
     * appears in the events (an id written otherwise) is named.
     */
    @Test
    void aBaselineThatCannotDecideForAUserLeavesTheReportWritten() throws Exception {
        Path events = write("events.ndjson", """
                {"type":"identify","userId":"a","messageId":"a-i","timestamp":"2026-01-05T12:00:00Z","traits":{"credits":"n/a"}}
                {"type":"identify","userId":"b","messageId":"b-i","timestamp":"2026-01-05T12:00:00Z","traits":{"credits":30}}
                """);
        Path labels = write("labels.csv", "userId,label,at\nb,withdrawn,2026-01-08\nstudent-b,withdrawn,2026-01-08\n");
        Path baseline = write("baseline.dmn", """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="https://example.com/dmn">
                  <decision id="few-credits" name="few credits">
                    <decisionTable id="t" hitPolicy="FIRST">
                      <input id="i"><inputExpression id="ie" typeRef="integer"><text>credits</text></inputExpression></input>
                      <output id="o" name="flagged" typeRef="boolean" />
                      <rule id="r"><inputEntry id="e"><text>&lt;= 30</text></inputEntry><outputEntry id="oe"><text>true</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """);

        Run run = backtest("--events", events.toString(), "--labels", labels.toString(), "--baseline", baseline.toString(),
                "--to", "2026-01-10", "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.console()).isZero();
        assertThat(run.console()).contains("backtest: the baseline 'few credits' could not decide for 1 of 2 users, counted as"
                + " not flagged (a: ", "backtest: 1 of 2 labelled users never appear in the events, left out of the scores (student-b)");
        JsonNode score = run.report().path("labels").get(3);
        assertThat(score.path("flag").asText()).isEqualTo("baseline: few credits");
        assertThat(score.path("population").asLong()).isEqualTo(2);
        assertThat(score.path("flagged").asLong()).isEqualTo(1);
        assertThat(score.path("caught").asLong()).isEqualTo(1);
        assertThat(score.path("medianLeadDays").asDouble()).as("from 5 January, 12:00").isEqualTo(2.5);
    }

    private record Run(int exit, String console, Path out) {

        JsonNode report() throws Exception {
            return new ObjectMapper().readTree(out.resolve("report.json").toFile());
        }
    }

    private static Run backtest(String... args) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = BacktestCommand.run(LifecycleEngineApplication.class, args, new PrintStream(console, true, StandardCharsets.UTF_8));
        Path out = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[i + 1]);
            }
        }
        return new Run(exit, console.toString(StandardCharsets.UTF_8), out);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new HashMap<>();
        object.fields().forEachRemaining(field -> counts.put(field.getKey(), field.getValue().asLong()));
        return counts;
    }
}
