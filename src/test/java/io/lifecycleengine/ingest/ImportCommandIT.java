package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.LifecycleEngineApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
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
}
