package io.lifecycleengine.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Ingest benchmark of issue 3, run by {@code docs/bench/ingest-benchmark.sh} against a running server on
 * MySQL/MariaDB (not part of the test suite: the class name matches no Surefire pattern). In one run:
 * <ol>
 * <li>the ceiling: the stream's event rows inserted with plain batched JDBC (one transaction per batch)
 * into a copy of the event table of the same database, by as many threads as the HTTP run uses, for the
 * same duration;</li>
 * <li>the same stream posted as {@code /v1/batch} calls by those threads for that duration, while one more
 * thread posts single {@code /v1/track} calls at a fixed rate and records their latency.</li>
 * </ol>
 */
class IngestBenchmark {

    private static final String INSERT = "INSERT INTO %s (message_id, type, user_id, anonymous_id, name, event_time, "
            + "received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final String baseUrl = System.getProperty("bench.url", "");
    private final String jdbcUrl = System.getProperty("bench.jdbc", "");
    private final String jdbcUser = System.getProperty("bench.jdbc.user", "root");
    private final String jdbcPassword = System.getProperty("bench.jdbc.password", "");
    private final String writeKey = System.getProperty("bench.write-key", "");
    private final Path data = Path.of(System.getProperty("bench.data", "../shared/data"));
    private final Duration duration = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    private final Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warm-up-seconds", 30));
    private final int threads = Integer.getInteger("bench.threads", 16);
    private final int batchSize = Integer.getInteger("bench.batch", 500);
    private final int probesPerSecond = Integer.getInteger("bench.probes-per-second", 20);
    private final Path report = Path.of(System.getProperty("bench.report", "target/ingest-benchmark.md"));

    @Test
    void ingestBesideTheRawInsertCeiling() throws Exception {
        assumeTrue(!baseUrl.isEmpty() && !jdbcUrl.isEmpty(), "run through docs/bench/ingest-benchmark.sh");
        BenchStream stream = new BenchStream(data, Instant.now());
        // enough for 90 s at 45,000 events/s; a faster ingest runs out and says so (see ingest)
        int passes = Integer.getInteger("bench.passes", 12);
        List<List<BenchStream.Event>> batches = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            List<BenchStream.Event> events = stream.pass(pass);
            for (int from = 0; from < events.size(); from += batchSize) {
                batches.add(events.subList(from, Math.min(events.size(), from + batchSize)));
            }
        }
        System.out.printf(Locale.ROOT, "Stream: %,d events per pass (OULAD clicks + Online Retail invoices), %d passes, batches of %d%n",
                stream.eventsPerPass(), passes, batchSize);

        Result ceiling = ceiling(batches);
        System.out.println("Ceiling: " + ceiling);
        Result ingest = ingest(batches);
        System.out.println("Ingest:  " + ingest);
        String summary = summary(stream, ceiling, ingest);
        System.out.println(summary);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, summary);
    }

    private Result ceiling(List<List<BenchStream.Event>> batches) throws Exception {
        String table = "bench_ceiling_event";
        try (Connection connection = connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS " + table);
            ddl.execute("CREATE TABLE " + table + " LIKE behavior_event");
        }
        AtomicInteger next = new AtomicInteger();
        Result result = runFor(() -> {
            Connection connection = connect();
            connection.setAutoCommit(false);
            PreparedStatement insert = connection.prepareStatement(String.format(INSERT, table));
            return new Worker() {
                @Override
                public int run() throws Exception {
                    int number = next.getAndIncrement();
                    List<BenchStream.Event> batch = batches.get(number % batches.size());
                    Timestamp received = Timestamp.from(Instant.now());
                    for (BenchStream.Event event : batch) {
                        insert.setString(1, event.messageId() + "-" + number / batches.size());
                        insert.setString(2, event.type().toUpperCase(Locale.ROOT));
                        insert.setString(3, event.userId());
                        insert.setString(4, null);
                        insert.setString(5, event.name());
                        insert.setTimestamp(6, Timestamp.from(event.at()));
                        insert.setTimestamp(7, received);
                        insert.setString(8, event.json());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    return batch.size();
                }

                @Override
                public void close() throws Exception {
                    connection.close();
                }
            };
        }, null);
        try (Connection connection = connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE " + table);
        }
        return result;
    }

    private Result ingest(List<List<BenchStream.Event>> batches) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        AtomicInteger next = new AtomicInteger();
        Prober prober = new Prober(http, auth, batches);
        Result result = runFor(() -> () -> {
            int number = next.getAndIncrement();
            if (number >= batches.size()) {
                throw new IllegalStateException("the stream ran out after " + batches.size()
                        + " batches: the ingest was faster than the prepared passes, raise -Dbench.passes");
            }
            List<BenchStream.Event> batch = batches.get(number);
            String body = "{\"batch\":[" + String.join(",", batch.stream().map(BenchStream.Event::json).toList()) + "]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batch"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            return batch.size();
        }, prober);
        return result;
    }

    /** Runs one worker per thread for warm-up plus the duration; counts events after the warm-up only. */
    private Result runFor(WorkerFactory workers, Prober prober) throws Exception {
        LongAdder measured = new LongAdder();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Long> perTenSeconds = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                try (Worker worker = workers.open()) {
                    while (System.nanoTime() < end) {
                        try {
                            int events = worker.run();
                            if (System.nanoTime() >= measureFrom) {
                                measured.add(events);
                            }
                        } catch (Exception failure) {
                            if (errors.incrementAndGet() <= 3) {
                                firstErrors.add(failure.toString());
                            }
                        }
                    }
                }
                return null;
            });
        }
        if (prober != null) {
            pool.submit(() -> prober.run(measureFrom, end));
        }
        long reported = measured.sum();
        for (long mark = measureFrom + 10_000_000_000L; mark <= end; mark += 10_000_000_000L) {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, mark - System.nanoTime()));
            long now = measured.sum();
            perTenSeconds.add((now - reported) / 10);
            reported = now;
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        double seconds = duration.toNanos() / 1e9;
        return new Result(measured.sum(), measured.sum() / seconds, List.copyOf(perTenSeconds), errors.get(),
                List.copyOf(firstErrors), prober == null ? null : prober.latencies());
    }

    private Connection connect() throws Exception {
        // the settings of the server's mysql profile: multi-row inserts, no fractional seconds sent
        String settings = "rewriteBatchedStatements=true&sendFractionalSeconds=false";
        return DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + settings, jdbcUser, jdbcPassword);
    }

    private String summary(BenchStream stream, Result ceiling, Result ingest) {
        List<Double> latencies = ingest.latenciesMillis();
        return String.format(Locale.ROOT, """
                | | events | events/s | per 10 s window | errors |
                |---|---|---|---|---|
                | raw batched JDBC insert (ceiling) | %,d | %,.0f | %s | %d |
                | HTTP `/v1/batch` ingest | %,d | %,.0f | %s | %d |

                Ratio ingest / ceiling: %.2f. Threads: %d, batches of %d events, %d s measured after %d s warm-up,
                stream of %,d events per pass. Single `/v1/track` under that load (%d probes): p50 %.1f ms, p99 %.1f ms, max %.1f ms.
                %s""", ceiling.events(), ceiling.perSecond(), ceiling.perTenSeconds(), ceiling.errors(),
                ingest.events(), ingest.perSecond(), ingest.perTenSeconds(), ingest.errors(),
                ingest.perSecond() / ceiling.perSecond(), threads, batchSize, duration.toSeconds(), warmUp.toSeconds(),
                stream.eventsPerPass(), latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99),
                percentile(latencies, 1.0), ingest.firstErrors().isEmpty() && ceiling.firstErrors().isEmpty() ? ""
                        : "First errors: " + ceiling.firstErrors() + " " + ingest.firstErrors() + "\n");
    }

    private static double percentile(List<Double> sorted, double rank) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(rank * sorted.size()) - 1));
    }

    /** Posts single {@code track} calls of users the stream already created, recording each call's latency. */
    private final class Prober {
        private final HttpClient http;
        private final String auth;
        private final List<List<BenchStream.Event>> batches;
        private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());

        Prober(HttpClient http, String auth, List<List<BenchStream.Event>> batches) {
            this.http = http;
            this.auth = auth;
            this.batches = batches;
        }

        Void run(long from, long end) throws Exception {
            long interval = 1_000_000_000L / probesPerSecond;
            int probe = 0;
            for (long at = from; at < end; at += interval, probe++) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, at - System.nanoTime()));
                String user = batches.get(probe % 50).get(0).userId();
                String body = String.format(Locale.ROOT,
                        "{\"userId\":\"%s\",\"event\":\"Feature Used\",\"messageId\":\"probe-%d-%d\",\"properties\":{\"feature\":\"export\"}}",
                        user, System.nanoTime(), probe);
                long started = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/track"))
                        .header("Authorization", auth).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    latencies.add((System.nanoTime() - started) / 1e6);
                }
            }
            return null;
        }

        List<Double> latencies() {
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return sorted;
        }
    }

    private record Result(long events, double perSecond, List<Long> perTenSeconds, long errors, List<String> firstErrors,
                          List<Double> latenciesMillis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d events, %,.0f events/s, %s per 10 s, %d errors %s", events, perSecond,
                    perTenSeconds, errors, firstErrors);
        }
    }

    /** Sends or inserts one batch per call. */
    @FunctionalInterface
    private interface Worker extends AutoCloseable {
        int run() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    @FunctionalInterface
    private interface WorkerFactory {
        Worker open() throws Exception;
    }
}
