package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Loads an event log ({@link EventFile}) through the same path as the HTTP intake, in event-time order, in
 * batches, once every line was checked. A call or CSV row without messageId gets one derived from its line, so
 * importing twice stores nothing twice. Progress is checkpointed beside the file.
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
        String version = version(file);
        List<BehaviorEvent> events = files.events(file, clock.instant());
        Path checkpoint = file.resolveSibling(file.getFileName() + CHECKPOINT_SUFFIX);
        long resumedAt = readCheckpoint(checkpoint, events.size(), version);
        long stored = 0;
        long duplicates = 0;
        for (int from = (int) resumedAt; from < events.size(); from += BATCH) {
            int to = Math.min(events.size(), from + BATCH);
            IngestResult result = ingest.accept(events.subList(from, to));
            stored += result.stored();
            duplicates += result.duplicates();
            Files.writeString(checkpoint, to + " " + events.size() + " " + version);
            progress.update(to, events.size(), stored);
        }
        Files.deleteIfExists(checkpoint);
        return new Summary(events.size(), stored, duplicates, resumedAt);
    }

    /** Which content of the file a checkpoint was written for: another file saved under its name resumes nothing. */
    static String version(Path file) throws IOException {
        return Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    }

    private static long readCheckpoint(Path checkpoint, int total, String version) throws IOException {
        if (!Files.exists(checkpoint)) {
            return 0;
        }
        String[] parts = Files.readString(checkpoint).trim().split(" ", 3);
        try {
            long done = Long.parseLong(parts[0]);
            return parts.length == 3 && Long.parseLong(parts[1]) == total && parts[2].equals(version) && done <= total
                    ? done : 0;
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }
}
