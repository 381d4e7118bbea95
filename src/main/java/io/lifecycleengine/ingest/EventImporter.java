package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.Hashes;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.springframework.stereotype.Service;

/**
 * Loads an event log through the same path as the HTTP intake, in event-time order, in batches:
 * NDJSON (one Segment call per line, {@code type} required) or CSV with a header
 * {@code userId,event,timestamp,...} whose other columns become properties ({@code messageId},
 * {@code anonymousId} and {@code type} are read as such). A CSV row without messageId gets one derived
 * from its content, so importing twice stores nothing twice. Progress is checkpointed beside the file.
 */
@Service
public class EventImporter {

    static final int BATCH = 500;
    private static final String CHECKPOINT_SUFFIX = ".import-checkpoint";

    private final IngestService ingest;
    private final ObjectMapper json;
    private final Clock clock;

    EventImporter(IngestService ingest, ObjectMapper json, Clock clock) {
        this.ingest = ingest;
        this.json = json;
        this.clock = clock;
    }

    /** Receives progress: events done, events in all, events stored (not duplicates) so far. */
    public interface Progress {
        void update(long done, long total, long stored);
    }

    public record Summary(long total, long stored, long duplicates, long resumedAt) {
    }

    public Summary importFile(Path file, Progress progress) throws IOException {
        List<Row> rows = read(file);
        rows.sort(Comparator.comparing(Row::eventTime).thenComparing(Row::line));
        Path checkpoint = file.resolveSibling(file.getFileName() + CHECKPOINT_SUFFIX);
        long resumedAt = readCheckpoint(checkpoint, rows.size());
        long stored = 0;
        long duplicates = 0;
        Instant receivedAt = clock.instant();
        for (int from = (int) resumedAt; from < rows.size(); from += BATCH) {
            List<BehaviorEvent> batch = new ArrayList<>(BATCH);
            for (Row row : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                batch.add(SegmentPayloadParser.parse(row.call(), row.type(), receivedAt, "line " + row.line(),
                        SegmentPayloadParser.BatchDefaults.NONE));
            }
            IngestResult result = ingest.accept(batch);
            stored += result.stored();
            duplicates += result.duplicates();
            long done = Math.min(rows.size(), from + BATCH);
            Files.writeString(checkpoint, done + " " + rows.size());
            progress.update(done, rows.size(), stored);
        }
        Files.deleteIfExists(checkpoint);
        return new Summary(rows.size(), stored, duplicates, resumedAt);
    }

    /**
     * The file's calls in event-time order, each parsed as if it arrived at its own timestamp: a replay on
     * a simulated clock hands them to {@link IngestService#accept} as time passes.
     */
    public List<BehaviorEvent> replayOrder(Path file) throws IOException {
        List<Row> rows = read(file);
        rows.sort(Comparator.comparing(Row::eventTime).thenComparing(Row::line));
        return inOrder(rows.parallelStream().map(row -> parsed(() -> SegmentPayloadParser.parse(row.call(), row.type(),
                row.eventTime(), "line " + row.line(), SegmentPayloadParser.BatchDefaults.NONE))).toList());
    }

    /** A line's result or the error it gave: lines are parsed on all cores, and the first bad line is reported. */
    private record Parsed<T>(T value, BadRequestException error) {
    }

    private static <T> Parsed<T> parsed(Supplier<T> parse) {
        try {
            return new Parsed<>(parse.get(), null);
        } catch (BadRequestException bad) {
            return new Parsed<>(null, bad);
        }
    }

    private static <T> List<T> inOrder(List<Parsed<T>> results) {
        List<T> values = new ArrayList<>(results.size());
        for (Parsed<T> result : results) {
            if (result.error() != null) {
                throw result.error();
            }
            if (result.value() != null) {
                values.add(result.value());
            }
        }
        return values;
    }

    private record Row(long line, Instant eventTime, EventType type, ObjectNode call) {
    }

    private List<Row> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return name.endsWith(".csv") ? readCsv(reader) : readNdjson(reader);
        }
    }

    private List<Row> readNdjson(BufferedReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        String text;
        while ((text = reader.readLine()) != null) {
            lines.add(text);
        }
        return inOrder(IntStream.range(0, lines.size()).parallel()
                .mapToObj(index -> parsed(() -> ndjsonRow(index + 1L, lines.get(index)))).toList());
    }

    /** @return null for a blank line */
    private Row ndjsonRow(long line, String text) {
        if (text.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException notJson) {
            throw new BadRequestException("line " + line + ": not valid JSON");
        }
        if (!node.isObject()) {
            throw new BadRequestException("line " + line + ": must be a JSON object");
        }
        String where = "line " + line;
        EventType type = EventType.fromSpecName(node.path("type").asText("")).orElseThrow(() ->
                new BadRequestException(where + ": type must be one of identify, track, page, screen, alias, group"));
        return new Row(line, orderingTime(node, where), type, (ObjectNode) node);
    }

    private List<Row> readCsv(BufferedReader reader) throws IOException {
        List<Row> rows = new ArrayList<>();
        String headerLine = reader.readLine();
        if (headerLine == null) {
            return rows;
        }
        List<String> header = CsvLine.split(headerLine);
        if (header.size() < 3 || !header.get(0).equals("userId") || !header.get(1).equals("event")
                || !header.get(2).equals("timestamp")) {
            throw new BadRequestException("line 1: a CSV import starts with the columns userId,event,timestamp");
        }
        String text;
        long line = 1;
        while ((text = reader.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            List<String> cells = CsvLine.split(text);
            ObjectNode call = json.createObjectNode();
            ObjectNode properties = call.putObject("properties");
            call.put("type", "track");
            for (int i = 0; i < header.size() && i < cells.size(); i++) {
                String column = header.get(i);
                String value = cells.get(i);
                switch (column) {
                    case "userId", "anonymousId", "messageId", "type", "timestamp" -> {
                        if (!value.isEmpty()) {
                            call.put(column, value);
                        }
                    }
                    case "event" -> call.put("event", value);
                    default -> properties.put(column, value);
                }
            }
            if (!call.hasNonNull("messageId")) {
                call.put("messageId", "import-" + Hashes.sha256Hex(text, 20));
            }
            String where = "line " + line;
            EventType type = EventType.fromSpecName(call.path("type").asText()).orElseThrow(() ->
                    new BadRequestException(where + ": type must be one of identify, track, page, screen, alias, group"));
            if (type == EventType.PAGE || type == EventType.SCREEN) {
                call.put("name", call.path("event").asText());
                call.remove("event");
            }
            rows.add(new Row(line, orderingTime(call, where), type, call));
        }
        return rows;
    }

    private static Instant orderingTime(JsonNode call, String where) {
        Instant timestamp = SegmentPayloadParser.timestamp(call, "timestamp", where);
        return timestamp == null ? Instant.EPOCH : timestamp;
    }

    private static long readCheckpoint(Path checkpoint, int total) throws IOException {
        if (!Files.exists(checkpoint)) {
            return 0;
        }
        String[] parts = Files.readString(checkpoint).trim().split(" ");
        try {
            long done = Long.parseLong(parts[0]);
            return parts.length == 2 && Long.parseLong(parts[1]) == total && done <= total ? done : 0;
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }
}
