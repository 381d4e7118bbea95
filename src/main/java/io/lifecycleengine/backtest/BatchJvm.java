package io.lifecycleengine.backtest;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The backtest is a batch of a minute or so. A JVM left to its server defaults keeps C2 compiling and G1
 * working beside the replay for the whole of it; on two cores the client compiler and the serial
 * collector do the same replay with a third less CPU and a fifth less time (docs/benchmarks.md). So the
 * command starts itself again in such a JVM, unless this JVM was given a collector, a compiler setting,
 * an agent or a recording: those are kept, and it runs here. JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS are
 * among this JVM's arguments, which the new one gets. Started from the jar, the new JVM runs from its
 * unpacked copy with the classes of an earlier run ({@link ExtractedJar}).
 */
final class BatchJvm {

    /** {@code -Dlifecycle.backtest.fork=false} runs the backtest in the JVM it was started in. */
    static final String FORK_PROPERTY = "lifecycle.backtest.fork";
    /**
     * The client compiler; the serial collector, promoting what survives a young collection at once (most of
     * it is the replay's long-lived data: the events read, the in-memory database), so that it is copied once,
     * not again through the survivor spaces; and a heap that starts large enough not to grow by full collections.
     */
    static final List<String> TUNING = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxTenuringThreshold=0",
            "-XX:InitialRAMPercentage=4");
    /**
     * The heap in huge pages where Linux offers them (the option exists only on Linux): fewer page faults
     * while the heap fills and fewer TLB misses after.
     */
    static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    private static final List<String> TUNING_WITH_HUGE_PAGES = Stream.concat(TUNING.stream(), Stream.of(HUGE_PAGES)).toList();
    private static final Path TRANSPARENT_HUGE_PAGES = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    /** {@code -Dlifecycle.backtest.jvm-cache=DIR}: where the unpacked jar and its class-data archive are kept. */
    static final String CACHE_PROPERTY = "lifecycle.backtest.jvm-cache";

    static final String QUIET_CLASS_SHARING = "-Xlog:cds=off";

    private static final List<String> CHOSEN_BY_CALLER = List.of("-XX:TieredStopAtLevel", "-XX:+TieredCompilation",
            "-XX:-TieredCompilation", "-Xint", "-Xcomp", "-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp", "-Xdebug",
            "-XX:StartFlightRecording", "-XX:+FlightRecorder");

    private BatchJvm() {
    }

    /**
     * The tuned JVM to start; {@code recording} is where it records the class-data archive of an unpacked copy
     * that has none yet ({@link #run} keeps it when the run ends well), or null.
     */
    record Child(List<String> command, ExtractedJar.Copy copy, Path recording) {
    }

    /**
     * The tuned JVM for this one's arguments, or empty when the backtest runs here.
     *
     * @param unpack the unpacked copy of the jar the backtest was started from, if it has one
     */
    static Optional<Child> command(String javaHome, String classPath, List<String> jvmArguments, String forkProperty,
                                   Class<?> application, List<String> arguments,
                                   Function<Path, Optional<ExtractedJar.Copy>> unpack) {
        if ("false".equals(forkProperty) || jvmArguments.stream().anyMatch(BatchJvm::chosenByCaller)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(javaHome, "bin", "java").toString());
        // the caller's options after the tuning: an -Xms or -Xmx of theirs wins
        command.addAll(tuning());
        command.addAll(jvmArguments);
        command.add("-D" + FORK_PROPERTY + "=false");
        ExtractedJar.Copy copy = null;
        Path recording = null;
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && Files.isRegularFile(Path.of(classPath))) {
            copy = unpack.apply(Path.of(classPath)).orElse(null);
            if (copy != null) {
                // the JVM's notes on classes it cannot archive (a hundred lines when it records) are not the analyst's
                command.add(QUIET_CLASS_SHARING);
            }
            if (copy != null && copy.archived()) {
                command.add("-XX:SharedArchiveFile=" + copy.archive());
            } else if (copy != null) {
                copy.removeAbandonedRecordings();
                recording = copy.recording(ProcessHandle.current().pid());
                command.add("-XX:ArchiveClassesAtExit=" + recording);
            }
            // java -jar lifecycle-engine.jar: the jar's own launcher finds the nested libraries, the copy's manifest its lib/
            command.add("-jar");
            command.add(copy != null ? copy.jar().toString() : classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(application.getName());
        }
        command.add("backtest");
        command.addAll(arguments);
        return Optional.of(new Child(command, copy, recording));
    }

    static Optional<Child> commandForThisJvm(Class<?> application, List<String> arguments) {
        String javaHome = System.getProperty("java.home");
        // in the user's own cache, not a shared temporary directory: the JVM runs what it finds there
        Path cache = Path.of(System.getProperty(CACHE_PROPERTY,
                Path.of(System.getProperty("user.home"), ".cache", "lifecycle-engine", "batch-jvm").toString()));
        return command(javaHome, System.getProperty("java.class.path"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty(FORK_PROPERTY), application, arguments,
                jar -> ExtractedJar.of(jar, cache, javaHome, System.getProperty("java.vm.version")));
    }

    /** The batch settings for a JVM on this machine. */
    static List<String> tuning() {
        String transparentHugePages;
        try {
            transparentHugePages = Files.readString(TRANSPARENT_HUGE_PAGES);
        } catch (IOException | RuntimeException notLinux) {
            transparentHugePages = null;
        }
        return tuning(transparentHugePages);
    }

    /** @param transparentHugePages the kernel's setting, e.g. {@code always [madvise] never}; null when there is none */
    static List<String> tuning(String transparentHugePages) {
        boolean offered = transparentHugePages != null
                && (transparentHugePages.contains("[always]") || transparentHugePages.contains("[madvise]"));
        return offered ? TUNING_WITH_HUGE_PAGES : TUNING;
    }

    /** The batch settings this JVM was started with. */
    static List<String> tuningOfThisJvm() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return TUNING_WITH_HUGE_PAGES.stream().filter(arguments::contains).toList();
    }

    static boolean thisJvmIsTuned() {
        return tuningOfThisJvm().containsAll(TUNING);
    }

    /**
     * Runs the child with this process's input and output and returns its exit code; keeps the class-data
     * archive it recorded when it ended well.
     */
    static int run(Child child) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(child.command()).inheritIO();
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        Thread stopChild = new Thread(process::destroy, "backtest-stop");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            int exit = process.waitFor();
            if (child.recording() != null) {
                if (exit == 0) {
                    child.copy().keep(child.recording());
                } else {
                    Files.deleteIfExists(child.recording());
                }
            }
            return exit;
        } finally {
            if (!process.isAlive()) {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            }
        }
    }

    /** Whether this JVM maps the classes an earlier run recorded. */
    static boolean thisJvmSharesRecordedClasses() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(argument -> argument.startsWith("-XX:SharedArchiveFile="))
                && System.getProperty("java.vm.info", "").contains("sharing");
    }

    private static boolean chosenByCaller(String argument) {
        return CHOSEN_BY_CALLER.stream().anyMatch(argument::startsWith)
                || argument.startsWith("-XX:+Use") && argument.endsWith("GC");
    }
}
