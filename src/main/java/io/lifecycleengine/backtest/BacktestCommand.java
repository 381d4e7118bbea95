package io.lifecycleengine.backtest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.lifecycleengine.LifecycleEngineApplication;
import io.lifecycleengine.ingest.BehaviorEvent;
import io.lifecycleengine.ingest.EventFile;
import io.lifecycleengine.journey.DecisionFile;
import io.lifecycleengine.journey.EarlyMappings;
import io.lifecycleengine.journey.ReplaySchema;
import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.ProgressBar;
import io.lifecycleengine.system.StrictJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@code java -jar lifecycle-engine.jar backtest --events FILE [...]}: replays a historical event log
 * through the journey and its decision tables on an isolated in-memory engine with a simulated clock.
 * No message leaves (they are composed and recorded); the report goes to {@code --out} as JSON and HTML.
 */
public final class BacktestCommand {

    static final String USAGE = """
            usage: java -jar lifecycle-engine.jar backtest --events FILE [options]
              --events FILE      NDJSON (Segment calls) or CSV (userId,event,timestamp,...) in any order
              --bpmn DIR         the journey's models to test (default: the ones built in)
              --from T, --to T   replay only events in [from, to]; timers fire up to --to (ISO date-time, no offset: UTC;
                                 or a date: --from from its start, --to to its end, UTC)
              --labels FILE      CSV userId,label,at: outcomes to score the journey's flags against
              --baseline FILE    a DMN decision over user traits with output 'flagged', scored beside the journey
              --set KEY=VALUE    a configuration property, e.g. --set lifecycle.journey.inactive-after=P10D
              --out DIR          where report.json and report.html go (default: backtest-report)""";

    /** The isolated engine's database: in memory, gone when the command ends. */
    private static final String ENGINE_DATABASE = "h2";
    private static final List<String> WINDOWS = List.of("onboarding-window", "inactive-after", "churned-after",
            "re-engagement-reminder-after", "high-intent-window");

    private BacktestCommand() {
    }

    record Options(Path events, Path bpmn, Instant from, Instant to, Path labels, Path baseline, Map<String, String> set,
                   Path out) {
    }

    /**
     * The command line's entry: when the arguments are valid and this JVM was not tuned by hand, the
     * backtest runs in a JVM started for it with settings for a short batch ({@link BatchJvm}).
     *
     * @return the process exit code
     */
    public static int runInBatchJvm(Class<?> application, String[] args, PrintStream out) {
        Options options = parseOrExplain(args, out);
        if (options == null) {
            return 2;
        }
        Optional<BatchJvm.Child> batchJvm = BatchJvm.commandForThisJvm(application, List.of(args));
        if (batchJvm.isPresent()) {
            if (batchJvm.get().recording() != null) {
                out.println("backtest: first run of this build: its JVM records the classes it loads when it ends, so that"
                        + " later runs start faster");
            }
            try {
                return BatchJvm.run(batchJvm.get());
            } catch (IOException e) {
                out.println("backtest: cannot start a JVM for the batch (" + e.getMessage() + "); running in this one");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return replay(application, options, out);
    }

    /** @return the process exit code */
    public static int run(Class<?> application, String[] args, PrintStream out) {
        Options options = parseOrExplain(args, out);
        return options == null ? 2 : replay(application, options, out);
    }

    /** @return null, after printing what is wrong and the usage, when the arguments are not valid */
    private static Options parseOrExplain(String[] args, PrintStream out) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return null;
        }
        try {
            return parse(args);
        } catch (IllegalArgumentException e) {
            out.println("backtest: " + e.getMessage());
            out.println(USAGE);
            return null;
        }
    }

    private static int replay(Class<?> application, Options options, PrintStream out) {
        long started = System.nanoTime();
        if (BatchJvm.thisJvmIsTuned()) {
            out.println("backtest: in a JVM tuned for a short batch (" + String.join(" ", BatchJvm.tuningOfThisJvm()) + ")"
                    + (BatchJvm.thisJvmSharesRecordedClasses() ? ", with the classes an earlier run recorded" : ""));
        }
        setUpLoggingFirst();
        CompletableFuture<List<BehaviorEvent>> reading = readWhileTheEngineStarts(options.events());
        EarlyMappings mappings = EarlyMappings.startParsing(ENGINE_DATABASE, "");
        ConfigurableApplicationContext engine;
        try {
            engine = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                    .initializers(starting -> {
                        starting.getBeanFactory().registerSingleton("earlyMappings", mappings);
                        starting.getBeanFactory().registerSingleton("replaySchema", new ReplaySchema());
                    })
                    .run(engineArguments(options));
        } catch (RuntimeException notStarted) {
            // a model that does not parse, a setting of the wrong type: the innermost cause names it
            out.println("backtest: the engine did not start: " + innermostMessage(notStarted) + settingNamed(notStarted, options));
            return 2;
        }
        try (ConfigurableApplicationContext context = engine) {
            List<BehaviorEvent> events = read(reading);
            Labels labels = options.labels() == null ? null : Labels.read(options.labels());
            DecisionFile baseline = options.baseline() == null ? null : baseline(options.baseline());
            out.println("backtest: replaying " + options.events().getFileName() + " on a simulated clock ...");
            ProgressBar bar = new ProgressBar(out, "events");
            Backtest.Replayed replayed = context.getBean(Backtest.class).replay(options.events().toString(), events,
                    options.from(), options.to(),
                    (done, total, at, timers) -> bar.update(done, total, () -> String.format(Locale.ROOT,
                            "simulated day %s, %,d timers fired", at.atOffset(ZoneOffset.UTC).toLocalDate(), timers)));
            bar.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            BacktestReport report = context.getBean(ReportBuilder.class).build(options.events().getFileName().toString(),
                    replayed, settings(context.getEnvironment()), labels, baseline, seconds,
                    warning -> out.println("backtest: " + warning));
            try {
                context.getBean(ReportWriter.class).write(report, options.out());
            } catch (IOException unwritable) {
                out.println("backtest: cannot write the report into --out " + options.out() + " (" + unwritable + ")");
                return 1;
            }
            out.printf(Locale.ROOT, "backtest: %,d events%s, %,d users, %,d timers fired (%,d more postponed) in %.1f s; report in %s%n",
                    report.summary().eventCount(), replayed.duplicates() == 0 ? ""
                            : String.format(Locale.ROOT, " (%,d more left out as duplicates)", replayed.duplicates()),
                    report.summary().users(), replayed.timersFired(), replayed.timersPostponed(), seconds,
                    options.out().resolve("report.html"));
            report.labels().forEach(score -> out.printf(Locale.ROOT,
                    "  %-10s %-32s flagged %d, caught %d of %d, recall %s, precision %s, F1 %s, median lead %s days%n",
                    score.label(), score.flag(), score.flagged(), score.caught(), score.labelled(), percent(score.recall()),
                    percent(score.precision()), score.f1() == null ? "-" : String.format(Locale.ROOT, "%.2f", score.f1()),
                    score.medianLeadDays() == null ? "-" : String.format(Locale.ROOT, "%.1f", score.medianLeadDays())));
            return 0;
        } catch (IOException e) {
            out.println("backtest: " + e.getMessage());
            return 1;
        } catch (BadRequestException e) {
            out.println("backtest: " + options.events() + ", " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            out.println("backtest: " + e.getMessage());
            return 2;
        }
    }

    /** A baseline without the output {@code flagged} would flag nobody, and be scored as a rule that never fires. */
    private static DecisionFile baseline(Path file) throws IOException {
        DecisionFile baseline = DecisionFile.read(file);
        if (!baseline.outputNames().contains("flagged")) {
            throw new IllegalArgumentException(file + ": the decision '" + baseline.name() + "' has no output 'flagged' (its outputs: "
                    + String.join(", ", baseline.outputNames()) + "); a baseline flags a user with flagged = true");
        }
        return baseline;
    }

    /**
     * The {@code --set} whose value the failure quotes: Spring names a setting of the wrong type by its value only
     * ({@code For input string: "abc"}).
     */
    static String settingNamed(Throwable failure, Options options) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !messages.contains(String.valueOf(cause.getMessage())); cause = cause.getCause()) {
            messages.add(String.valueOf(cause.getMessage()));
        }
        return options.set().entrySet().stream()
                .filter(setting -> messages.stream().anyMatch(message -> message.contains("\"" + setting.getValue() + "\"")
                        || message.contains("'" + setting.getValue() + "'")))
                .map(setting -> " (--set " + setting.getKey() + "=" + setting.getValue() + ")")
                .findFirst().orElse("");
    }

    private static String innermostMessage(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return innermost.getMessage() == null ? innermost.getClass().getSimpleName() : innermost.getMessage().strip();
    }

    /**
     * Sets logging up before the reader and the mappings' parser start: set up on one of their threads, SLF4J
     * holds back the others' first calls and prints a notice when it replays them. Warnings only, as the
     * replay's settings say, until Spring configures it.
     */
    private static void setUpLoggingFirst() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }

    /** Reads the event log while the engine starts, on the cores the start leaves idle. */
    private static CompletableFuture<List<BehaviorEvent>> readWhileTheEngineStarts(Path file) {
        CompletableFuture<List<BehaviorEvent>> events = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                events.complete(new EventFile(StrictJson.mapper()).replayOrder(file));
            } catch (IOException | RuntimeException e) {
                events.completeExceptionally(e);
            }
        }, "backtest-read");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static List<BehaviorEvent> read(CompletableFuture<List<BehaviorEvent>> reading) throws IOException {
        try {
            return reading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException unreadable) {
                throw unreadable;
            }
            throw e.getCause() instanceof RuntimeException bad ? bad : e;
        }
    }

    static String[] engineArguments(Options options) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.profiles.active", "backtest");
        // no server: neither the REST API nor the webapps
        properties.put("spring.autoconfigure.exclude",
                "org.camunda.bpm.spring.boot.starter.rest.CamundaBpmRestJerseyAutoConfiguration,"
                        + "org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration");
        // a query cache as large as the engine's statements are many: H2 parses a statement again once it fell out
        properties.put("spring.datasource.url", "jdbc:h2:mem:backtest-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256");
        properties.put("camunda.bpm.job-execution.enabled", "false");
        // the replay runs its jobs itself, by due date: no acquisition by priority, and no index kept for it
        properties.put("camunda.bpm.generic-properties.properties.job-executor-acquire-by-priority", "false");
        // the report reads the engine's own transitions and outbox, not Camunda's history
        properties.put("camunda.bpm.history-level", "none");
        // nobody signs in to the replay's engine: no permission checks, no authorizations kept per called send
        properties.put("camunda.bpm.authorization.enabled", "false");
        properties.put("camunda.bpm.admin-user.password", UUID.randomUUID().toString());
        properties.put("lifecycle.journey.signal-retry.enabled", "false");
        // each part of a batch on its own writer (see Backtest)
        properties.put("lifecycle.ingest.max-group-events", "1");
        properties.put("lifecycle.journey.migration.auto", "false");
        properties.put("lifecycle.messaging.delivery", "record");
        properties.put("spring.mail.host", "backtest.invalid");
        properties.put("lifecycle.analytics.refresh-interval", "P3650D");
        properties.put("logging.level.root", "warn");
        properties.put("logging.level.io.lifecycleengine", "warn");
        // an engine that does not start is named in one line by the command, not by these loggers' stack traces
        properties.put("logging.level." + LifecycleEngineApplication.class.getName(), "off");
        properties.put("logging.level.org.springframework.boot.SpringApplication", "off");
        properties.put("logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext", "error");
        properties.put("logging.level.org.camunda.bpm.engine.context", "off");
        if (options.bpmn() != null) {
            properties.put("lifecycle.journey.models", "file:" + options.bpmn().toAbsolutePath() + "/*.*");
        }
        // --set replaces what is set above: the same option twice would reach Spring as one comma-joined value
        properties.putAll(options.set());
        return properties.entrySet().stream().map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
    }

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option VALUE at '" + name + "'");
            }
            String value = args[++i];
            if (name.equals("--set")) {
                int equals = value.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("--set takes KEY=VALUE, not " + value);
                }
                set.put(value.substring(0, equals), value.substring(equals + 1));
            } else if (List.of("--events", "--bpmn", "--from", "--to", "--labels", "--baseline", "--out").contains(name)) {
                values.put(name.substring(2), value);
            } else {
                throw new IllegalArgumentException("unknown option " + name);
            }
        }
        requireKnownSettings(set);
        if (!values.containsKey("events")) {
            throw new IllegalArgumentException("--events FILE is required");
        }
        Options options = new Options(readable(values.get("events")), directory(values.get("bpmn")),
                values.containsKey("from") ? Labels.instant(values.get("from"), "--from") : null,
                values.containsKey("to") ? endOf(values.get("to")) : null,
                readable(values.get("labels")), readable(values.get("baseline")), Map.copyOf(set),
                reportDirectory(values.getOrDefault("out", "backtest-report")));
        if (options.from() != null && options.to() != null && options.to().isBefore(options.from())) {
            throw new IllegalArgumentException("--to is before --from");
        }
        return options;
    }

    /**
     * A misspelt setting would be ignored and the replay run on the defaults: a {@code lifecycle.*} key must be one
     * of the engine's settings (or an entry of one of its maps), and a window an ISO-8601 duration.
     */
    private static void requireKnownSettings(Map<String, String> set) {
        set.forEach((key, value) -> {
            if (WINDOWS.stream().anyMatch(window -> key.equals("lifecycle.journey." + window))) {
                try {
                    Duration.parse(value);
                } catch (DateTimeParseException notDuration) {
                    throw new IllegalArgumentException("--set " + key + " takes an ISO-8601 duration such as P14D, not " + value);
                }
            }
        });
        List<String> ours = set.keySet().stream().filter(key -> key.startsWith("lifecycle.")).toList();
        if (!ours.isEmpty()) {
            Set<String> known = EngineSettings.names();
            ours.forEach(key -> requireKnown(key, known));
        }
    }

    private static void requireKnown(String key, Set<String> known) {
        boolean isKnown = known.contains(key) || known.stream().anyMatch(name -> key.startsWith(name + ".")
                || name.startsWith(key + "[") || name.startsWith(key + "."));
        if (!isKnown) {
            String parent = key.substring(0, Math.max(key.lastIndexOf('.'), 0));
            List<String> siblings = known.stream().filter(name -> name.startsWith(parent + ".")).sorted().toList();
            throw new IllegalArgumentException("--set " + key + ": the engine has no such setting"
                    + (siblings.isEmpty() ? "" : "; under " + parent + " it has " + String.join(", ", siblings)));
        }
    }

    private static Path readable(String name) {
        if (name == null) {
            return null;
        }
        Path path = Path.of(name);
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new IllegalArgumentException("cannot read " + path);
        }
        return path;
    }

    /** A date given as {@code --to} is the last day replayed, up to its end (UTC), as {@code --from} is its start. */
    private static Instant endOf(String to) {
        Instant at = Labels.instant(to, "--to");
        return to.length() == 10 ? at.plus(Duration.ofDays(1)).minusMillis(1) : at;
    }

    /** Checked before the replay, which may take minutes, rather than when its report is written. */
    private static Path reportDirectory(String name) {
        Path path = Path.of(name);
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new IllegalArgumentException("--out " + path + " is a file; the report goes into a directory");
        }
        Path existing = path.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException("--out " + path + ": " + existing + " is a file, so the report's directory cannot be made");
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException("--out " + path + ": cannot write into " + existing);
        }
        return path;
    }

    private static Path directory(String name) {
        if (name == null) {
            return null;
        }
        Path path = Path.of(name);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + " is not a directory of .bpmn and .dmn models");
        }
        return path;
    }

    private static Map<String, String> settings(Environment environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        WINDOWS.forEach(window -> settings.put(window, environment.getProperty("lifecycle.journey." + window)));
        settings.put("models", environment.getProperty("lifecycle.journey.models"));
        return settings;
    }

    private static String percent(Double share) {
        return share == null ? "-" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
