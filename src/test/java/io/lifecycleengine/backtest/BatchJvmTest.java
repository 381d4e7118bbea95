package io.lifecycleengine.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.LifecycleEngineApplication;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchJvmTest {

    private static final List<String> ARGUMENTS = List.of("--events", "events.ndjson", "--out", "report");

    @TempDir
    Path dir;

    @Test
    void theJarStartsAgainWithTheBatchSettingsAndTheCallersOptions() throws IOException {
        Path jar = Files.createFile(dir.resolve("lifecycle-engine.jar"));

        List<String> command = BatchJvm.command("/opt/jdk", jar.toString(), List.of("-Xmx2g", "-Dmail.debug=true"), null,
                LifecycleEngineApplication.class, ARGUMENTS).orElseThrow();

        assertThat(command).containsExactly(Path.of("/opt/jdk", "bin", "java").toString(), "-Xmx2g", "-Dmail.debug=true",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlifecycle.backtest.fork=false", "-jar", jar.toString(),
                "backtest", "--events", "events.ndjson", "--out", "report");
    }

    @Test
    void aClassPathStartsTheApplicationClass() {
        String classPath = String.join(File.pathSeparator, "target/classes", "lib/a.jar");

        List<String> command = BatchJvm.command("/opt/jdk", classPath, List.of(), null, LifecycleEngineApplication.class,
                ARGUMENTS).orElseThrow();

        assertThat(command).containsSubsequence("-Dlifecycle.backtest.fork=false", "-cp", classPath,
                LifecycleEngineApplication.class.getName(), "backtest", "--events");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseG1GC", "-XX:+UseZGC", "-XX:TieredStopAtLevel=4", "-XX:-TieredCompilation", "-Xint",
            "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:agent.jar",
            "-XX:StartFlightRecording=filename=run.jfr"})
    void aCollectorCompilerAgentOrRecordingOfTheCallerKeepsTheBacktestInThisJvm(String option) {
        assertThat(BatchJvm.command("/opt/jdk", "target/classes", List.of("-Xmx2g", option), null,
                LifecycleEngineApplication.class, ARGUMENTS)).isEmpty();
    }

    @Test
    void theForkPropertyKeepsTheBacktestInThisJvm() {
        assertThat(BatchJvm.command("/opt/jdk", "target/classes", List.of(), "false", LifecycleEngineApplication.class,
                ARGUMENTS)).isEmpty();
        assertThat(BatchJvm.command("/opt/jdk", "target/classes", List.of(), "true", LifecycleEngineApplication.class,
                ARGUMENTS)).isPresent();
    }
}
