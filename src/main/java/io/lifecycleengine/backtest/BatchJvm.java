package io.lifecycleengine.backtest;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backtest is a batch of a minute or so. A JVM left to its server defaults keeps C2 compiling and G1
 * working beside the replay for the whole of it; on two cores the client compiler and the serial
 * collector do the same replay with a third less CPU and a fifth less time (docs/benchmarks.md). So the
 * command starts itself again in such a JVM, unless this JVM was given a collector, a compiler setting,
 * an agent or a recording: those are kept, and it runs here. JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS are
 * among this JVM's arguments, which the new one gets.
 */
final class BatchJvm {

    /** {@code -Dlifecycle.backtest.fork=false} runs the backtest in the JVM it was started in. */
    static final String FORK_PROPERTY = "lifecycle.backtest.fork";
    static final List<String> TUNING = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final List<String> CHOSEN_BY_CALLER = List.of("-XX:TieredStopAtLevel", "-XX:+TieredCompilation",
            "-XX:-TieredCompilation", "-Xint", "-Xcomp", "-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp", "-Xdebug",
            "-XX:StartFlightRecording", "-XX:+FlightRecorder");

    private BatchJvm() {
    }

    /** The command line of the tuned JVM for this one's arguments, or empty when the backtest runs here. */
    static Optional<List<String>> command(String javaHome, String classPath, List<String> jvmArguments,
                                          String forkProperty, Class<?> application, List<String> arguments) {
        if ("false".equals(forkProperty) || jvmArguments.stream().anyMatch(BatchJvm::chosenByCaller)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(javaHome, "bin", "java").toString());
        command.addAll(jvmArguments);
        command.addAll(TUNING);
        command.add("-D" + FORK_PROPERTY + "=false");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && Files.isRegularFile(Path.of(classPath))) {
            // java -jar lifecycle-engine.jar: the jar's own launcher finds the nested libraries
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(application.getName());
        }
        command.add("backtest");
        command.addAll(arguments);
        return Optional.of(command);
    }

    static Optional<List<String>> commandForThisJvm(Class<?> application, List<String> arguments) {
        return command(System.getProperty("java.home"), System.getProperty("java.class.path"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty(FORK_PROPERTY),
                application, arguments);
    }

    static boolean thisJvmIsTuned() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().containsAll(TUNING);
    }

    /** Runs the command with this process's input and output and returns its exit code. */
    static int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process child = builder.start();
        Thread stopChild = new Thread(child::destroy, "backtest-stop");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return child.waitFor();
        } finally {
            if (!child.isAlive()) {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            }
        }
    }

    private static boolean chosenByCaller(String argument) {
        return CHOSEN_BY_CALLER.stream().anyMatch(argument::startsWith)
                || argument.startsWith("-XX:+Use") && argument.endsWith("GC");
    }
}
