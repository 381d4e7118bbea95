package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Loads an event log ({@link EventFile}) through the same path as the HTTP intake, in event-time order, in
 * batches. A call or CSV row without messageId gets one derived from its line, so importing twice stores nothing
 * twice. Progress is checkpointed beside the file.
 */
@Service
public class EventImporter {

    static final int BATCH = 500;
    private static final String CHECKPOINT_SUFFIX = ".import-checkpoint";

    private final IngestService ingest;
    private final EventFile files;
    private final Clock clock;

    EventImporter(IngestService ingest, ObjectMapper json, Clock clock) {
        this.ingest = ingest;
        this.files = new EventFile(json);
        this.clock = clock;
    }

    /** Receives progress: events done, events in all, events stored (not duplicates) so far. */
    public interface Progress {
        void update(long done, long total, long stored);
    }

    public record Summary(long total, long stored, long duplicates, long resumedAt) {
    }

    public Summary importFile(Path file, Progress progress) throws IOException {
        List<EventFile.Row> rows = files.rows(file, clock.instant());
        Path checkpoint = file.resolveSibling(file.getFileName() + CHECKPOINT_SUFFIX);
        long resumedAt = readCheckpoint(checkpoint, rows.size());
        long stored = 0;
        long duplicates = 0;
        for (int from = (int) resumedAt; from < rows.size(); from += BATCH) {
            List<BehaviorEvent> batch = new ArrayList<>(BATCH);
            for (EventFile.Row row : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                batch.add(SegmentPayloadParser.parse(row.call(), row.type(), row.receivedAt(), "line " + row.line(),
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
