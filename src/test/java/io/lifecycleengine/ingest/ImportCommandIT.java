package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.LifecycleEngineApplication;
import io.lifecycleengine.support.AppProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import command starts the engine on the configured database, loads the file and reports. */
class ImportCommandIT {

    @Test
    void importsAFileWithAProgressBar(@TempDir Path dir) throws IOException {
        // a user of its own: rows without a messageId get one derived from the row, known on a database used before
        String user = "cli-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("events.csv"), """
                userId,event,timestamp
                %1$s,Report Viewed,2026-04-01T10:00:00Z
                %1$s,Report Viewed,2026-04-02T10:00:00Z
                """.formatted(user));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = ImportCommand.run(LifecycleEngineApplication.class, new String[] {file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("[##############################] 100% 2/2 events")
                .contains("imported events.csv: 2 events, 2 stored, 0 already known");
    }

    @Test
    void anInterruptedImportSaysHowToResume(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("long.ndjson");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20 * EventImporter.BATCH; i++) {
            lines.add("{\"type\":\"track\",\"userId\":\"u-" + i % 500 + "\",\"event\":\"Report Viewed\",\"timestamp\":\""
                    + Instant.parse("2026-04-01T00:00:00Z").plusSeconds(i) + "\"}");
        }
        Files.write(file, lines);
        Path checkpoint = dir.resolve("long.ndjson.import-checkpoint");
        Path console = dir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", AppProcess.builtJar().toString(), "import", file.toString())
                .redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().put("LIFECYCLE_H2_FILE", dir.resolve("db").toString());
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.exists(checkpoint)).as(Files.readString(console)).isTrue();

            process.destroy();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        String printed = Files.readString(console, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isNotZero();
        assertThat(printed).containsPattern("import: long\\.ndjson interrupted after [0-9,]+ events; run the same command "
                + "again to resume").doesNotContain("Exception", "shutting down");
        assertThat(Files.exists(checkpoint)).isTrue();
    }
}
