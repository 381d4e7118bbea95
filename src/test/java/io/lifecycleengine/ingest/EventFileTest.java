package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifecycleengine.system.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long NDJSON or CSV log is read in chunks; line numbers, order and errors are those of the whole file. */
class EventFileTest {

    private static final int LINES = 20_000;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void eventsComeInTimeOrderAndEqualTimesInFileOrderAcrossTheWholeFile() throws IOException {
        List<String> lines = IntStream.rangeClosed(1, LINES).mapToObj(EventFileTest::call).toList();
        Path file = Files.write(dir.resolve("events.ndjson"), lines);

        List<BehaviorEvent> events = new EventFile(StrictJson.mapper()).replayOrder(file);

        assertThat(events).extracting(BehaviorEvent::messageId).containsExactlyElementsOf(inTimeOrder(1));
    }

    @Test
    void theFirstBadLineIsNamedByItsNumberInTheFile() throws IOException {
        List<String> lines = new ArrayList<>(IntStream.rangeClosed(1, LINES).mapToObj(EventFileTest::call).toList());
        lines.set(16_999, "{oops");
        lines.set(18_999, "[]");
        Path file = Files.write(dir.resolve("bad.ndjson"), lines);

        assertThatThrownBy(() -> new EventFile(StrictJson.mapper()).replayOrder(file))
                .hasMessage("line 17000: not valid JSON");
    }

    @Test
    void aLongCsvLogComesInTimeOrderAcrossItsChunks() throws IOException {
        List<String> lines = new ArrayList<>(List.of("userId,event,timestamp,messageId"));
        IntStream.rangeClosed(2, LINES).mapToObj(EventFileTest::csvRow).forEach(lines::add);
        Path file = Files.write(dir.resolve("events.csv"), lines);

        List<BehaviorEvent> events = new EventFile(StrictJson.mapper()).replayOrder(file);

        assertThat(events).extracting(BehaviorEvent::messageId).containsExactlyElementsOf(inTimeOrder(2));
    }

    @Test
    void theFirstBadCsvLineIsNamedByItsNumberInTheFile() throws IOException {
        List<String> lines = new ArrayList<>(List.of("userId,event,timestamp,messageId"));
        IntStream.rangeClosed(2, LINES).mapToObj(EventFileTest::csvRow).forEach(lines::add);
        lines.set(16_999, "u-1,Page Viewed,not a time,m-x");
        lines.set(18_999, "u-1,Page Viewed,also not a time,m-y");
        Path file = Files.write(dir.resolve("bad.csv"), lines);

        assertThatThrownBy(() -> new EventFile(StrictJson.mapper()).replayOrder(file))
                .hasMessageStartingWith("line 17000: ");
    }

    @Test
    void aByteOrderMarkIsNoPartOfTheFirstLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("excel.csv"),
                "\uFEFFuserId,event,timestamp\r\nu-1,Page Viewed,2026-01-01T00:00:00Z\r\n");
        Path ndjson = Files.writeString(dir.resolve("bom.ndjson"), "\uFEFF" + call(1) + "\r\n" + call(2) + "\r\n");

        assertThat(new EventFile(StrictJson.mapper()).replayOrder(csv)).singleElement()
                .satisfies(event -> assertThat(event.userId()).isEqualTo("u-1"));
        assertThat(new EventFile(StrictJson.mapper()).replayOrder(ndjson)).extracting(BehaviorEvent::messageId)
                .containsExactlyInAnyOrder("m-1", "m-2");
    }

    @Test
    void csvRowsCanIdentifyAndAlias() throws IOException {
        Path file = Files.writeString(dir.resolve("identities.csv"), """
                userId,event,timestamp,type,anonymousId,previousId,email
                u-1,,2026-03-01T09:00:00Z,identify,anon-1,,ada@example.com
                u-2,,2026-03-01T10:00:00Z,alias,,u-1,
                """);

        List<BehaviorEvent> events = new EventFile(StrictJson.mapper()).replayOrder(file);

        assertThat(events).hasSize(2);
        assertThat(events.get(0).anonymousId()).isEqualTo("anon-1");
        assertThat(events.get(0).traits().path("email").asText()).as("an identify's columns are traits")
                .isEqualTo("ada@example.com");
        assertThat(events.get(1).type()).isEqualTo(EventType.ALIAS);
        assertThat(events.get(1).previousId()).isEqualTo("u-1");
    }

    @Test
    void aQuotedFieldLeftOpenAtTheEndOfItsLineIsNamedByItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("multiline.csv"), """
                userId,event,timestamp,note
                u-1,Order Completed,2026-03-01T09:00:00Z,"first line of the note
                second line, still the note",
                u-2,Page Viewed,2026-03-01T10:00:00Z,
                """);

        assertThatThrownBy(() -> new EventFile(StrictJson.mapper()).events(file, START))
                .hasMessageStartingWith("line 2: ");
    }

    @Test
    void aCsvRowWithMoreOrFewerFieldsThanTheHeaderIsNamedByItsLine() throws IOException {
        Path missing = Files.writeString(dir.resolve("short.csv"), """
                userId,event,timestamp,plan
                u-1,Order Completed,2026-03-01T09:00:00Z,pro
                u-1,Order Completed
                """);
        Path extra = Files.writeString(dir.resolve("long.csv"), """
                userId,event,timestamp,title
                u-1,Order Completed,2026-03-01T09:00:00Z,Plan, annual
                """);

        assertThatThrownBy(() -> new EventFile(StrictJson.mapper()).events(missing, START))
                .hasMessage("line 3: 2 fields where the header has 4");
        assertThatThrownBy(() -> new EventFile(StrictJson.mapper()).events(extra, START))
                .hasMessage("line 2: 5 fields where the header has 4 (a field holding a comma is quoted)");
    }

    /** The message ids of lines {@code first} to {@link #LINES} in time order, equal times in line order. */
    private static List<String> inTimeOrder(int first) {
        return IntStream.rangeClosed(first, LINES).boxed()
                .sorted(Comparator.comparing(EventFileTest::timeOfLine).thenComparing(line -> line))
                .map(line -> "m-" + line).toList();
    }

    /** Later lines are earlier in time, two lines per second. */
    private static Instant timeOfLine(int line) {
        return START.plusSeconds((LINES - line) / 2);
    }

    private static String csvRow(int line) {
        return "u-" + line % 7 + ",Page Viewed," + timeOfLine(line) + ",m-" + line;
    }

    private static String call(int line) {
        return "{\"type\":\"track\",\"userId\":\"u-" + line % 7 + "\",\"event\":\"Page Viewed\",\"messageId\":\"m-" + line
                + "\",\"timestamp\":\"" + timeOfLine(line) + "\"}";
    }
}
