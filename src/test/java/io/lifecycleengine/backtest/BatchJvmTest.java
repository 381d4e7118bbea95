package io.lifecycleengine.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.LifecycleEngineApplication;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchJvmTest {

    private static final List<String> ARGUMENTS = List.of("--events", "events.ndjson", "--out", "report");
    private static final Function<Path, Optional<ExtractedJar.Copy>> NOT_UNPACKED = jar -> Optional.empty();

    @TempDir
    Path dir;

    @Test
    void theJarStartsAgainWithTheBatchSettingsAndTheCallersOptions() throws IOException {
        Path jar = Files.createFile(dir.resolve("lifecycle-engine.jar"));

        List<String> command = BatchJvm.command("/opt/jdk", jar.toString(), List.of("-Xmx2g", "-Dmail.debug=true"), null,
                LifecycleEngineApplication.class, ARGUMENTS, NOT_UNPACKED).orElseThrow().command();

        List<String> expected = new ArrayList<>(List.of(Path.of("/opt/jdk", "bin", "java").toString()));
        expected.addAll(BatchJvm.tuning());
        expected.addAll(List.of("-Xmx2g", "-Dmail.debug=true", "-Dlifecycle.backtest.fork=false",
                "-jar", jar.toString(), "backtest", "--events", "events.ndjson", "--out", "report"));
        assertThat(command).isEqualTo(expected);
        assertThat(command.subList(1, 5)).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:MaxTenuringThreshold=0", "-XX:InitialRAMPercentage=4");
    }

    @Test
    void theHeapTakesHugePagesOnlyWhereLinuxOffersThem() {
        List<String> base = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxTenuringThreshold=0",
                "-XX:InitialRAMPercentage=4");

        assertThat(BatchJvm.tuning("[always] madvise never\n")).containsExactlyElementsOf(withHugePages(base));
        assertThat(BatchJvm.tuning("always [madvise] never\n")).containsExactlyElementsOf(withHugePages(base));
        assertThat(BatchJvm.tuning("always madvise [never]\n")).containsExactlyElementsOf(base);
        assertThat(BatchJvm.tuning(null)).containsExactlyElementsOf(base);
    }

    private static List<String> withHugePages(List<String> base) {
        List<String> options = new ArrayList<>(base);
        options.add("-XX:+UseTransparentHugePages");
        return options;
    }

    @Test
    void aClassPathStartsTheApplicationClass() {
        String classPath = String.join(File.pathSeparator, "target/classes", "lib/a.jar");

        List<String> command = BatchJvm.command("/opt/jdk", classPath, List.of(), null, LifecycleEngineApplication.class,
                ARGUMENTS, NOT_UNPACKED).orElseThrow().command();

        assertThat(command).containsSubsequence("-Dlifecycle.backtest.fork=false", "-cp", classPath,
                LifecycleEngineApplication.class.getName(), "backtest", "--events");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseG1GC", "-XX:+UseZGC", "-XX:TieredStopAtLevel=4", "-XX:-TieredCompilation", "-Xint",
            "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:agent.jar",
            "-XX:StartFlightRecording=filename=run.jfr"})
    void aCollectorCompilerAgentOrRecordingOfTheCallerKeepsTheBacktestInThisJvm(String option) {
        assertThat(BatchJvm.command("/opt/jdk", "target/classes", List.of("-Xmx2g", option), null,
                LifecycleEngineApplication.class, ARGUMENTS, NOT_UNPACKED)).isEmpty();
    }

    @Test
    void theForkPropertyKeepsTheBacktestInThisJvm() {
        assertThat(BatchJvm.command("/opt/jdk", "target/classes", List.of(), "false", LifecycleEngineApplication.class,
                ARGUMENTS, NOT_UNPACKED)).isEmpty();
        assertThat(BatchJvm.command("/opt/jdk", "target/classes", List.of(), "true", LifecycleEngineApplication.class,
                ARGUMENTS, NOT_UNPACKED)).isPresent();
    }

    @Test
    void theFirstRunFromAnUnpackedCopyRecordsItsClassesAndLaterRunsMapThem() throws IOException {
        Path jar = Files.createFile(dir.resolve("lifecycle-engine.jar"));
        Path copyDir = Files.createDirectories(dir.resolve("cache/lifecycle-engine-1"));
        ExtractedJar.Copy copy = new ExtractedJar.Copy(copyDir.resolve("lifecycle-engine.jar"), copyDir.resolve("classes.jsa"));

        BatchJvm.Child first = BatchJvm.command("/opt/jdk", jar.toString(), List.of(), null, LifecycleEngineApplication.class,
                ARGUMENTS, unpacked -> Optional.of(copy)).orElseThrow();

        assertThat(first.recording().getParent()).isEqualTo(copyDir);
        assertThat(first.command()).containsSubsequence("-XX:+UseSerialGC", BatchJvm.QUIET_CLASS_SHARING,
                "-XX:ArchiveClassesAtExit=" + first.recording(),
                "-jar", copy.jar().toString(), "backtest");

        Files.writeString(copy.recording(1), "recorded");
        copy.keep(copy.recording(1));
        BatchJvm.Child later = BatchJvm.command("/opt/jdk", jar.toString(), List.of(), null, LifecycleEngineApplication.class,
                ARGUMENTS, unpacked -> Optional.of(copy)).orElseThrow();

        assertThat(copy.archive()).hasContent("recorded");
        assertThat(later.recording()).isNull();
        assertThat(later.command()).containsSubsequence("-XX:+UseSerialGC", BatchJvm.QUIET_CLASS_SHARING,
                "-XX:SharedArchiveFile=" + copy.archive(),
                "-jar", copy.jar().toString(), "backtest");
    }

    @Test
    void aRecordingLeftByAKilledBacktestIsRemovedWhenTheNextOneRecords() throws Exception {
        Path jar = Files.createFile(dir.resolve("lifecycle-engine.jar"));
        Path copyDir = Files.createDirectories(dir.resolve("cache/lifecycle-engine-1"));
        ExtractedJar.Copy copy = new ExtractedJar.Copy(copyDir.resolve("lifecycle-engine.jar"), copyDir.resolve("classes.jsa"));
        Process ended = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ended.waitFor();
        Path abandoned = Files.writeString(copy.recording(ended.pid()), "half written");
        Path running = Files.writeString(copy.recording(ProcessHandle.current().pid()), "being written");

        BatchJvm.command("/opt/jdk", jar.toString(), List.of(), null, LifecycleEngineApplication.class, ARGUMENTS,
                unpacked -> Optional.of(copy)).orElseThrow();

        assertThat(abandoned).doesNotExist();
        assertThat(running).exists();
    }

    @Test
    void aJarThatIsNoSpringBootJarIsNotUnpacked() throws IOException {
        Path jar = dir.resolve("plain.jar");
        try (JarOutputStream plain = new JarOutputStream(Files.newOutputStream(jar))) {
            plain.putNextEntry(new JarEntry("a.txt"));
        }

        assertThat(ExtractedJar.of(jar, dir.resolve("cache"), System.getProperty("java.home"), "17")).isEmpty();
        assertThat(dir.resolve("cache")).isEmptyDirectory();
    }
}
