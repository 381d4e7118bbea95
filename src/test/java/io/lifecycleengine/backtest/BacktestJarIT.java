package io.lifecycleengine.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.support.AppProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar lifecycle-engine.jar backtest ...} as an analyst runs it: in a JVM started for the batch. */
class BacktestJarIT {

    @TempDir
    Path dir;

    @Test
    void theJarRunsTheBacktestInAJvmTunedForABatchWhichTheFirstRunPreparesForTheNext() throws Exception {
        Path out = dir.resolve("report");
        String[] arguments = {"--events", "src/test/resources/backtest/fixture.ndjson", "--to", "2026-03-06T12:00:00Z",
                "--out", out.toString()};

        Run first = backtest(List.of(), arguments);

        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).doesNotContain("[cds]", "SLF4J").contains("backtest: first run of this build", "backtest: in a JVM tuned for a short batch ("
                + String.join(" ", BatchJvm.tuning()) + ")\n", "20 events, 3 users");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("summary").path("eventCount").asLong()).isEqualTo(20);
        assertThat(report.path("transitions").path("INACTIVE->CHURNED").asLong()).isEqualTo(2);
        try (Stream<Path> copies = Files.list(dir.resolve("jvm-cache"))) {
            assertThat(copies.toList()).singleElement().satisfies(copy -> {
                assertThat(copy.resolve("lifecycle-engine.jar")).isRegularFile();
                assertThat(copy.resolve(ExtractedJar.ARCHIVE)).isNotEmptyFile();
            });
        }

        Run later = backtest(List.of(), arguments);

        assertThat(later.exit()).as(later.output()).isZero();
        assertThat(later.output()).doesNotContain("first run", "[cds]", "SLF4J").contains("backtest: in a JVM tuned for a short batch ("
                + String.join(" ", BatchJvm.tuning()) + "), with the classes an earlier run recorded",
                "20 events, 3 users");
    }

    @Test
    void aCollectorChosenByTheCallerIsKept() throws Exception {
        Run run = backtest(List.of("-XX:+UseSerialGC"), "--events", "src/test/resources/backtest/fixture.ndjson",
                "--to", "2026-03-06T12:00:00Z", "--out", dir.resolve("report").toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("20 events, 3 users").doesNotContain("tuned for a short batch");
    }

    @Test
    void badArgumentsAreNamedWithoutStartingAnotherJvm() throws Exception {
        Run run = backtest(List.of(), "--events", "no-such-file.ndjson");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("backtest: cannot read no-such-file.ndjson", "usage:");
    }

    private record Run(int exit, String output) {
    }

    private Run backtest(List<String> jvmOptions, String... arguments) throws Exception {
        Path jar = AppProcess.builtJar();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-D" + BatchJvm.CACHE_PROPERTY + "=" + dir.resolve("jvm-cache"));
        command.addAll(List.of("-jar", jar.toString(), "backtest"));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("console.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the backtest did not end within 180 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
