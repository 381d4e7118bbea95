package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.Hashes;
import io.lifecycleengine.system.TextFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * An event log on disk, read on all cores: NDJSON (one Segment call per line, {@code type} required) or CSV
 * with a header {@code userId,event,timestamp,...} whose other columns become properties, or traits in an identify row
 * ({@code messageId}, {@code anonymousId}, {@code previousId} and {@code type} are read as such; every row has the
 * header's number of fields). A call or row without messageId gets one derived from its line, so that a file
 * imported twice is stored once. The first bad line is reported by its number.
 */
public final class EventFile {

    private static final int LINES_PER_CHUNK = 8_192;
    /** Where a line's receipt is read from, first found wins (see {@link Row}). */
    private static final List<String> RECEIPT_FIELDS = List.of("receivedAt", "sentAt", "timestamp", "originalTimestamp");

    private final ObjectMapper json;

    /** @param json a mapper as strict as the HTTP intake's ({@code system.StrictJson}) */
    public EventFile(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The file's calls in event-time order, each parsed as received at its {@linkplain Row receipt}: a replay on a
     * simulated clock hands them to {@link IngestService#accept} as time passes. A call with no time of its own
     * cannot be placed on that clock and is refused by its line.
     */
    public List<BehaviorEvent> replayOrder(Path file) throws IOException {
        return events(file, null);
    }

    /**
     * The file's calls as events in event-time order (file order among equal times), every line checked as the
     * intake checks a call before any is returned, so that a bad line is found before anything is stored.
     *
     * @param importedAt the receipt of a call that carries no time at all, and the latest receipt a call may claim;
     *                   null refuses a call without a time
     */
    List<BehaviorEvent> events(Path file, Instant importedAt) throws IOException {
        // each call becomes its event as soon as it is read, so that the JSON trees never pile up beside the events
        return sorted(read(file, importedAt, row -> SegmentPayloadParser.parse(row.call(), row.type(), row.receivedAt(),
                "line " + row.line(), SegmentPayloadParser.BatchDefaults.NONE)));
    }

    /**
     * A line's call with when it was received — its {@code receivedAt} (an export's), else its {@code sentAt} (no
     * clock skew known), else its own {@code timestamp} or {@code originalTimestamp} — and its event time by the
     * intake's rule from that receipt.
     */
    record Row(long line, Instant receivedAt, Instant eventTime, EventType type, ObjectNode call) {
    }

    /** What a line became, with what orders it. */
    private record Read<T>(long line, Instant eventTime, T value) {

        static <T> Read<T> of(Row row, Function<Row, T> convert) {
            return new Read<>(row.line(), row.eventTime(), convert.apply(row));
        }
    }

    private static <T> List<T> sorted(List<Read<T>> read) {
        read.sort(Comparator.<Read<T>, Instant>comparing(Read::eventTime).thenComparingLong(Read::line));
        return read.stream().map(Read::value).toList();
    }

    private <T> List<Read<T>> read(Path file, Instant importedAt, Function<Row, T> convert) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            skipByteOrderMark(reader);
            if (name.endsWith(".csv")) {
                return readCsv(reader, importedAt, convert);
            }
            return readInChunks(reader, 0, (line, text) -> ndjsonRow(line, text, importedAt), convert);
        } catch (CharacterCodingException notUtf8) {
            throw new BadRequestException("line " + TextFiles.firstLineNotUtf8(file) + ": not UTF-8 text; save the file as UTF-8");
        }
    }

    /** Excel and Notepad begin a UTF-8 file with U+FEFF, which is no part of its first line. */
    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    /** A line of the file as a row, or null for a line that holds none (a blank one). */
    private interface LineReader {
        Row row(long line, String text);
    }

    /**
     * Reads the lines a chunk at a time, each chunk's lines turned into rows and converted on all cores, so that
     * only a chunk's raw lines and JSON trees are alive beside the values already converted (a replay keeps
     * those for its whole run).
     *
     * @param linesBefore lines of the file already read (a CSV header)
     */
    private static <T> List<Read<T>> readInChunks(BufferedReader reader, long linesBefore, LineReader lineReader,
                                                  Function<Row, T> convert) throws IOException {
        List<Read<T>> read = new ArrayList<>();
        List<String> chunk = new ArrayList<>(LINES_PER_CHUNK);
        long before = linesBefore;
        String text;
        while ((text = reader.readLine()) != null) {
            chunk.add(text);
            if (chunk.size() == LINES_PER_CHUNK) {
                read.addAll(convertChunk(chunk, before, lineReader, convert));
                before += chunk.size();
                chunk.clear();
            }
        }
        read.addAll(convertChunk(chunk, before, lineReader, convert));
        return read;
    }

    private static <T> List<Read<T>> convertChunk(List<String> lines, long linesBefore, LineReader lineReader,
                                                  Function<Row, T> convert) {
        return inOrder(IntStream.range(0, lines.size()).parallel().mapToObj(index -> parsed(() -> {
            Row row = lineReader.row(linesBefore + index + 1, lines.get(index));
            return row == null ? null : Read.of(row, convert);
        })).toList());
    }

    /** The id of a call without messageId: the same line read again is the same call, so importing twice stores it once. */
    private static String contentId(String line) {
        return "import-" + Hashes.sha256Hex(line, 20);
    }

    /** @return null for a blank line */
    private Row ndjsonRow(long line, String text, Instant importedAt) {
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
        ObjectNode call = (ObjectNode) node;
        JsonNode messageId = call.path("messageId");
        if (messageId.isMissingNode() || messageId.isNull() || messageId.isTextual() && messageId.asText().isBlank()) {
            call.put("messageId", contentId(text));
        }
        return row(line, type, call, where, importedAt);
    }

    private <T> List<Read<T>> readCsv(BufferedReader reader, Instant importedAt, Function<Row, T> convert)
            throws IOException {
        String headerLine = reader.readLine();
        if (headerLine == null) {
            return new ArrayList<>();
        }
        List<String> header = CsvLine.split(headerLine);
        if (header.size() < 3 || !header.get(0).equals("userId") || !header.get(1).equals("event")
                || !header.get(2).equals("timestamp")) {
            throw new BadRequestException("line 1: a CSV import starts with the columns userId,event,timestamp");
        }
        return readInChunks(reader, 1, (line, text) -> csvRow(header, line, text, importedAt), convert);
    }

    /** @return null for a blank line */
    private Row csvRow(List<String> header, long line, String text, Instant importedAt) {
        if (text.isBlank()) {
            return null;
        }
        String where = "line " + line;
        if (!CsvLine.quotesClosed(text)) {
            // the rest of the field is on the next lines, which would be read as rows of their own
            throw new BadRequestException(where + ": a quoted field is not closed on its line (line breaks inside a field "
                    + "are not supported)");
        }
        List<String> cells = CsvLine.split(text);
        if (cells.size() != header.size()) {
            throw new BadRequestException(where + ": " + cells.size() + " fields where the header has " + header.size()
                    + (cells.size() > header.size() ? " (a field holding a comma is quoted)" : ""));
        }
        int typeColumn = header.indexOf("type");
        String typeName = typeColumn < 0 || cells.get(typeColumn).isEmpty() ? "track" : cells.get(typeColumn);
        EventType type = EventType.fromSpecName(typeName).orElseThrow(() ->
                new BadRequestException(where + ": type must be one of identify, track, page, screen, alias, group"));
        boolean identify = type == EventType.IDENTIFY;
        ObjectNode call = json.createObjectNode();
        call.put("type", typeName);
        ObjectNode attributes = call.putObject(identify ? "traits" : "properties");
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String value = cells.get(i);
            switch (column) {
                case "type" -> { }
                case "userId", "anonymousId", "messageId", "timestamp", "previousId" -> {
                    if (!value.isEmpty()) {
                        call.put(column, value);
                    }
                }
                case "event" -> call.put("event", value);
                default -> {
                    // an empty cell of an identify row leaves the trait as it is
                    if (!identify || !value.isEmpty()) {
                        attributes.put(column, value);
                    }
                }
            }
        }
        if (!call.hasNonNull("messageId")) {
            call.put("messageId", contentId(text));
        }
        if (type == EventType.PAGE || type == EventType.SCREEN) {
            call.put("name", call.path("event").asText());
            call.remove("event");
        }
        return row(line, type, call, where, importedAt);
    }

    private static Row row(long line, EventType type, ObjectNode call, String where, Instant importedAt) {
        Instant received = receipt(call, where);
        if (received == null) {
            if (importedAt == null) {
                throw new BadRequestException(where + ": the call has no time (timestamp, originalTimestamp, sentAt or "
                        + "receivedAt), so it has no place on the replay's clock");
            }
            received = importedAt;
        } else if (importedAt != null && received.isAfter(importedAt)) {
            // nothing was received after the import, and so no event happened then, as on the live intake
            received = importedAt;
        }
        return new Row(line, received, SegmentPayloadParser.eventTime(call, received,
                SegmentPayloadParser.BatchDefaults.NONE, where), type, call);
    }

    private static Instant receipt(JsonNode call, String where) {
        for (String field : RECEIPT_FIELDS) {
            Instant time = SegmentPayloadParser.timestamp(call, field, where);
            if (time != null) {
                return time;
            }
        }
        return null;
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
}
