package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** Importing event logs: NDJSON and CSV, idempotent, resumable, with errors naming the line. */
class EventImporterTest extends IntegrationTest {

    @Autowired
    private EventImporter importer;
    @TempDir
    Path dir;

    @Test
    void importsSegmentCallsFromNdjson() throws IOException {
        String user = newUserId("ndjson");
        Path file = write("events.ndjson",
                "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":20},\"timestamp\":\"2026-02-03T10:00:00Z\",\"messageId\":\"" + user + "-2\"}",
                "",
                "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"traits\":{\"email\":\"" + emailOf(user) + "\"},\"timestamp\":\"2026-02-01T10:00:00Z\",\"messageId\":\"" + user + "-1\"}");
        List<Long> progress = new ArrayList<>();

        EventImporter.Summary summary = importer.importFile(file, (done, total, stored) -> progress.add(done));

        assertThat(summary.total()).isEqualTo(2);
        assertThat(summary.stored()).isEqualTo(2);
        assertThat(progress).last().isEqualTo(2L);
        JsonNode profile = client.getJson("/api/users/" + user);
        assertThat(profile.path("email").asText()).isEqualTo(emailOf(user));
        assertThat(Instant.parse(profile.path("profile").path("firstSeenAt").asText())).isEqualTo("2026-02-01T10:00:00Z");
        assertThat(profile.path("profile").path("purchases").asInt()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("events.ndjson.import-checkpoint"))).isFalse();
    }

    @Test
    void anExportedCallKeepsItsTimeWhateverItsSendingDelay() throws IOException {
        String user = newUserId("export");
        // as Segment exports a call a phone sent two days late: its own time, when it was sent, when it arrived
        Path file = write("export.ndjson",
                "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Report Viewed\",\"timestamp\":\"2026-02-01T10:00:00Z\","
                        + "\"sentAt\":\"2026-02-03T10:00:00Z\",\"receivedAt\":\"2026-02-03T10:00:01Z\",\"messageId\":\"" + user + "-1\"}");

        importer.importFile(file, (done, total, stored) -> { });

        JsonNode profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(Instant.parse(profile.path("lastActivityAt").asText()))
                .as("corrected by the second between sending and arrival, not moved to the time of the import")
                .isEqualTo("2026-02-01T10:00:01Z");
    }

    @Test
    void aSegmentExportsTimestampIsNotCorrectedForTheClockSkewTwice() throws IOException {
        String user = newUserId("skewed-export");
        // a phone an hour ahead: Segment corrected timestamp by the hour; originalTimestamp and sentAt are the phone's
        Path file = write("skewed.ndjson",
                "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Report Viewed\",\"timestamp\":\"2026-02-01T10:00:00Z\","
                        + "\"originalTimestamp\":\"2026-02-01T11:00:00Z\",\"sentAt\":\"2026-02-01T11:00:05Z\","
                        + "\"receivedAt\":\"2026-02-01T10:00:05Z\",\"messageId\":\"" + user + "-1\"}");

        importer.importFile(file, (done, total, stored) -> { });

        JsonNode profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(Instant.parse(profile.path("lastActivityAt").asText())).isEqualTo("2026-02-01T10:00:00Z");
    }

    @Test
    void aCallDatedLaterThanTheImportIsNoLaterThanTheImport() throws IOException {
        String user = newUserId("future");
        Instant importedAt = Instant.parse("2026-03-01T12:00:00Z");
        setClock(importedAt);
        Path file = write("future.csv", "userId,event,timestamp", user + ",Report Viewed,2062-03-01T12:00:00Z");

        importer.importFile(file, (done, total, stored) -> { });

        JsonNode profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(Instant.parse(profile.path("lastActivityAt").asText())).as("never later than receipt, as a live call")
                .isEqualTo(importedAt);
    }

    @Test
    void importsCsvRowsWithStableIdsSoASecondImportStoresNothing() throws IOException {
        String user = newUserId("csv");
        Path file = write("events.csv",
                "userId,event,timestamp,revenue,title",
                user + ",Order Completed,2026-03-01T09:00:00Z,15.5,\"Plan, annual\"",
                user + ",Video Playback Started,2026-03-02T09:00:00Z,,Intro",
                user + ",Video Playback Started,2026-03-03T09:00:00Z,,Intro");

        EventImporter.Summary first = importer.importFile(file, (done, total, stored) -> { });
        EventImporter.Summary second = importer.importFile(file, (done, total, stored) -> { });

        assertThat(first.stored()).isEqualTo(3);
        assertThat(second.stored()).isZero();
        assertThat(second.duplicates()).isEqualTo(3);
        JsonNode profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(profile.path("revenue").decimalValue()).isEqualByComparingTo("15.5");
        assertThat(profile.path("content").path("video").asInt()).isEqualTo(2);
    }

    @Test
    void ndjsonCallsWithoutMessageIdAreStoredOnceHoweverOftenTheFileIsImported() throws IOException {
        String user = newUserId("ndjson-no-id");
        Path file = write("no-ids.ndjson",
                "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\","
                        + "\"properties\":{\"revenue\":42},\"timestamp\":\"2026-02-03T10:00:00Z\"}",
                "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Report Viewed\","
                        + "\"timestamp\":\"2026-02-03T11:00:00Z\"}");

        EventImporter.Summary first = importer.importFile(file, (done, total, stored) -> { });
        EventImporter.Summary second = importer.importFile(file, (done, total, stored) -> { });

        assertThat(first.stored()).isEqualTo(2);
        assertThat(second.stored()).isZero();
        assertThat(second.duplicates()).isEqualTo(2);
        assertThat(client.getJson("/api/users/" + user).path("profile").path("purchases").asInt()).isEqualTo(1);
    }

    @Test
    void resumesAfterTheLastCheckpoint() throws IOException {
        String user = newUserId("resume");
        Path file = write("resume.csv",
                "userId,event,timestamp",
                user + ",A,2026-03-01T09:00:00Z",
                user + ",B,2026-03-02T09:00:00Z",
                user + ",C,2026-03-03T09:00:00Z");
        Files.writeString(dir.resolve("resume.csv.import-checkpoint"), "2 3 " + EventImporter.version(file));

        EventImporter.Summary summary = importer.importFile(file, (done, total, stored) -> { });

        assertThat(summary.resumedAt()).isEqualTo(2);
        assertThat(summary.stored()).isEqualTo(1);
        assertThat(Instant.parse(client.getJson("/api/users/" + user).path("profile").path("firstSeenAt").asText()))
                .as("only the event after the checkpoint was loaded").isEqualTo("2026-03-03T09:00:00Z");
    }

    @Test
    void namesTheBadLine() throws IOException {
        Path ndjson = write("bad.ndjson", "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}", "{oops");
        Path csv = write("bad.csv", "user,event,timestamp", "u,E,2026-01-01T00:00:00Z");
        Path badTime = write("time.csv", "userId,event,timestamp", "u,E,2026-01-01T00:00:00Z", "u,E,soon");

        assertThatThrownBy(() -> importer.importFile(ndjson, (d, t, s) -> { })).hasMessage("line 2: not valid JSON");
        assertThatThrownBy(() -> importer.importFile(csv, (d, t, s) -> { }))
                .hasMessage("line 1: a CSV import starts with the columns userId,event,timestamp");
        assertThatThrownBy(() -> importer.importFile(badTime, (d, t, s) -> { }))
                .hasMessage("line 3: timestamp is not an ISO-8601 date-time: soon");
    }

    @Test
    void aCallRefusedLateInTheFileStopsTheImportBeforeAnythingIsStored() throws IOException {
        String user = newUserId("half");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < EventImporter.BATCH + 10; i++) {
            lines.add("{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Report Viewed\",\"messageId\":\"" + user + "-" + i
                    + "\",\"timestamp\":\"" + Instant.parse("2026-02-01T10:00:00Z").plusSeconds(i) + "\"}");
        }
        lines.add("{\"type\":\"track\",\"userId\":\"" + user + "\",\"timestamp\":\"2026-02-05T10:00:00Z\"}");
        Path file = write("late-error.ndjson", lines.toArray(String[]::new));

        assertThatThrownBy(() -> importer.importFile(file, (d, t, s) -> { }))
                .hasMessage("line " + lines.size() + ": event is required");
        assertThat(client.get("/api/users/" + user).status()).as("none of the file's events stored").isEqualTo(404);
        assertThat(Files.exists(dir.resolve("late-error.ndjson.import-checkpoint"))).isFalse();
    }

    @Test
    void aCheckpointLeftByAnotherFileOfTheSameNameIsNotResumed() throws IOException {
        String first = newUserId("ckpt-a");
        String second = newUserId("ckpt-b");
        Path file = dir.resolve("daily.csv");
        Files.write(file, csv(first, EventImporter.BATCH + 1));
        assertThatThrownBy(() -> importer.importFile(file, (done, total, stored) -> {
            throw new IllegalStateException("interrupted");
        })).hasMessage("interrupted");
        assertThat(Files.exists(dir.resolve("daily.csv.import-checkpoint"))).isTrue();
        Files.write(file, csv(second, EventImporter.BATCH + 1));

        EventImporter.Summary summary = importer.importFile(file, (done, total, stored) -> { });

        assertThat(summary.resumedAt()).isZero();
        assertThat(summary.stored()).isEqualTo(EventImporter.BATCH + 1);
        assertThat(Instant.parse(client.getJson("/api/users/" + second).path("profile").path("firstSeenAt").asText()))
                .isEqualTo("2026-03-01T00:00:00Z");
    }

    @Test
    void csvIdentifyRowsSetTraitsAndAliasRowsMerge() throws IOException {
        String visitor = newUserId("csv-anon");
        String user = newUserId("csv-identify");
        Path file = write("people.csv",
                "userId,event,timestamp,type,previousId,email,firstName",
                visitor + ",Pricing Page Viewed,2026-03-01T09:00:00Z,track,,,",
                user + ",,2026-03-01T10:00:00Z,identify,," + emailOf(user) + ",Ada",
                user + ",,2026-03-01T11:00:00Z,alias," + visitor + ",,");

        EventImporter.Summary summary = importer.importFile(file, (done, total, stored) -> { });

        assertThat(summary.stored()).isEqualTo(3);
        JsonNode profile = client.getJson("/api/users/" + user);
        assertThat(profile.path("email").asText()).isEqualTo(emailOf(user));
        assertThat(profile.path("traits").path("firstName").asText()).isEqualTo("Ada");
        assertThat(Instant.parse(profile.path("profile").path("firstSeenAt").asText()))
                .as("the visitor's event merged in by the alias").isEqualTo("2026-03-01T09:00:00Z");
    }

    @Test
    void ndjsonCallsWithAnEmptyMessageIdAreStoredOnceHoweverOftenTheFileIsImported() throws IOException {
        String user = newUserId("ndjson-empty-id");
        Path file = write("empty-ids.ndjson",
                "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"messageId\":\"\","
                        + "\"properties\":{\"revenue\":42},\"timestamp\":\"2026-02-03T10:00:00Z\"}");

        importer.importFile(file, (done, total, stored) -> { });
        EventImporter.Summary second = importer.importFile(file, (done, total, stored) -> { });

        assertThat(second.stored()).isZero();
        assertThat(client.getJson("/api/users/" + user).path("profile").path("purchases").asInt()).isEqualTo(1);
    }

    @Test
    void theCommandExplainsItsUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = ImportCommand.run(getClass(), new String[0], new PrintStream(out, true, StandardCharsets.UTF_8));
        int missing = ImportCommand.run(getClass(), new String[] {dir.resolve("nope.csv").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(missing).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: java -jar lifecycle-engine.jar import FILE")
                .contains("cannot read");
    }

    private static List<String> csv(String user, int rows) {
        List<String> lines = new ArrayList<>(List.of("userId,event,timestamp"));
        for (int i = 0; i < rows; i++) {
            lines.add(user + ",Report Viewed," + Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i));
        }
        return lines;
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }
}
