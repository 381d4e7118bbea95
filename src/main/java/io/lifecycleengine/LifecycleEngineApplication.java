package io.lifecycleengine;

import io.lifecycleengine.backtest.BacktestCommand;
import io.lifecycleengine.ingest.ImportCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LifecycleEngineApplication {

    static final String USAGE = """
            usage: java -jar lifecycle-engine.jar [--property=value ...]    runs the engine (README: "Run it", configuration)
                   java -jar lifecycle-engine.jar import FILE                 loads history: Segment calls (NDJSON) or CSV
                   java -jar lifecycle-engine.jar backtest --events FILE ...  replays history through the journey (backtest --help)""";

    public static void main(String[] args) {
        OptionalInt exit = commandOrServer(args, System.out);
        if (exit.isPresent()) {
            System.exit(exit.getAsInt());
        }
    }

    /**
     * Runs the command the arguments name, or starts the server, whose arguments are all Spring's
     * {@code --property=value}: anything else is a mistyped command, which must not start a server.
     *
     * @return the exit code of a command; empty once the server started (it runs on its own threads)
     */
    static OptionalInt commandOrServer(String[] args, PrintStream out) {
        String first = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (first.equals("import")) {
            return OptionalInt.of(ImportCommand.run(LifecycleEngineApplication.class, rest, out));
        }
        if (first.equals("backtest")) {
            return OptionalInt.of(BacktestCommand.runInBatchJvm(LifecycleEngineApplication.class, rest, out));
        }
        if (List.of("--help", "-h", "help").contains(first)) {
            out.println(USAGE);
            return OptionalInt.of(0);
        }
        Optional<String> stray = Arrays.stream(args).filter(argument -> !argument.startsWith("--")).findFirst();
        if (stray.isPresent()) {
            out.println("lifecycle-engine: no command '" + stray.get() + "'");
            out.println(USAGE);
            return OptionalInt.of(2);
        }
        SpringApplication.run(LifecycleEngineApplication.class, args);
        return OptionalInt.empty();
    }
}
