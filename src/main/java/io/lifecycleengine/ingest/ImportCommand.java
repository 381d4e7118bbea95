package io.lifecycleengine.ingest;

import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar lifecycle-engine.jar import FILE}: the engine with the server's configuration (its
 * database, taxonomy and models), without a job executor of its own, loading FILE. It can run while the
 * server runs: the server's job executor and signal retries carry the journeys on.
 */
public final class ImportCommand {

    private ImportCommand() {
    }

    /** @return the process exit code */
    public static int run(Class<?> application, String[] args, PrintStream out) {
        if (args.length != 1) {
            out.println("usage: java -jar lifecycle-engine.jar import FILE   (FILE: .ndjson/.jsonl Segment calls, or .csv)");
            return 2;
        }
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            out.println("import: cannot read " + file);
            return 2;
        }
        // an interrupt stops the writers and closes the embedded database under them: their failures are no news
        Thread quietOnInterrupt = new Thread(() -> LoggingSystem.get(application.getClassLoader())
                .setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.OFF));
        Runtime.getRuntime().addShutdownHook(quietOnInterrupt);
        // as arguments, these outrank application.yml and the environment
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .run("--server.port=0", "--camunda.bpm.job-execution.enabled=false",
                        "--lifecycle.journey.signal-retry.enabled=false", "--logging.level.root=warn",
                        "--logging.level.io.lifecycleengine=warn")) {
            ProgressBar bar = new ProgressBar(out, "events");
            AtomicLong checkpointed = new AtomicLong();
            EventImporter.Summary summary;
            try {
                summary = context.getBean(EventImporter.class).importFile(file, (done, total, stored) -> {
                    checkpointed.set(done);
                    bar.update(done, total, () -> String.format(Locale.ROOT, "%,d stored", stored));
                });
            } catch (RuntimeException failed) {
                if (!jvmStopping()) {
                    throw failed;
                }
                // said before the context closes: the JVM ends once its shutdown hook has closed it
                bar.finish();
                out.printf(Locale.ROOT, "import: %s interrupted after %,d events; run the same command again to resume%n",
                        file.getFileName(), checkpointed.get());
                return 1;
            }
            bar.finish();
            out.printf(Locale.ROOT, "imported %s: %,d events, %,d stored, %,d already known%s%n", file.getFileName(),
                    summary.total(), summary.stored(), summary.duplicates(),
                    summary.resumedAt() > 0 ? String.format(Locale.ROOT, " (resumed after %,d)", summary.resumedAt()) : "");
            return 0;
        } catch (BadRequestException invalid) {
            out.println("import: " + file.getFileName() + ", " + invalid.getMessage());
            return 1;
        } catch (IOException e) {
            out.println("import: " + e.getMessage());
            return 1;
        } finally {
            if (!jvmStopping()) {
                Runtime.getRuntime().removeShutdownHook(quietOnInterrupt);
            }
        }
    }

    /** Whether the JVM is stopping (an interrupt, a kill): it then takes no further shutdown hook. */
    private static boolean jvmStopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException stopping) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }
}
