package io.lifecycleengine.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Freshness (issue 6), run by {@code docs/bench/freshness-benchmark.sh} against a running server on
 * MySQL/MariaDB: while a background load posts {@code bench.background-rate} events per second for
 * existing users, a probe signs up a new user every {@code 1/bench.probes-per-second} s. For each probe:
 * event sent → its transition to NEW committed ({@code segment_transition.occurred_at}, whole seconds) →
 * the welcome taken by the SMTP server, a GreenMail in this JVM watched every 2 ms. The load starts in
 * steady state (the background users' journeys started and their first active day signalled); probes of the
 * first {@code bench.warm-up-seconds} are reported apart: they meet a cold mail path (no background user has an
 * address, so their first sends are the server's first).
 */
class FreshnessBenchmark {

    private final BenchTarget target = new BenchTarget();
    private final Duration duration = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    private final Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warm-up-seconds", 10));
    private final int backgroundRate = Integer.getInteger("bench.background-rate", 1000);
    private final int probesPerSecond = Integer.getInteger("bench.probes-per-second", 10);
    private final int smtpPort = Integer.getInteger("bench.smtp-port", 2527);
    private final String run = "fresh-" + Long.toString(System.currentTimeMillis(), 36);

    @Test
    void eventToTransitionToEmail() throws Exception {
        assumeTrue(target.given(), "run through docs/bench/freshness-benchmark.sh");
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, Instant> arrivals = new ConcurrentHashMap<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> {
            MimeMessage[] received = smtp.getReceivedMessages();
            Instant now = Instant.now();
            for (int i = arrivals.size(); i < received.length; i++) {
                try {
                    arrivals.putIfAbsent(received[i].getAllRecipients()[0].toString(), now);
                } catch (MessagingException unreadable) {
                    arrivals.putIfAbsent("unreadable-" + i, now);
                }
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        int backgroundUsers = Integer.getInteger("bench.background-users", 2_000);
        toEachBackgroundUser(backgroundUsers, "\"type\":\"identify\",\"traits\":{\"plan\":\"free\"}");
        awaitSettled(backgroundUsers);
        // one event each first, so that the background users' first active day is behind them: steady state
        toEachBackgroundUser(backgroundUsers, "\"type\":\"track\",\"event\":\"Feature Used\"");
        awaitNoPendingSignals();

        Map<String, Instant> probes = new ConcurrentHashMap<>();
        AtomicLong background = new AtomicLong();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
        int perTick = Math.max(1, backgroundRate / 20);
        load.scheduleAtFixedRate(() -> {
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            long first = background.getAndAdd(perTick);
            for (int i = 0; i < perTick; i++) {
                batch.append(i > 0 ? "," : "").append("{\"type\":\"track\",\"userId\":\"").append(run).append("-bg-")
                        .append((first + i) % backgroundUsers).append("\",\"event\":\"Feature Used\"}");
            }
            postAsync("/v1/batch", batch.append("]}").toString());
        }, 0, 50, TimeUnit.MILLISECONDS);
        AtomicLong probeNumber = new AtomicLong();
        load.scheduleAtFixedRate(() -> {
            String user = run + "-probe-" + probeNumber.incrementAndGet();
            Instant sent = Instant.now();
            if (post("/v1/identify", "{\"userId\":\"" + user + "\",\"traits\":{\"email\":\"" + user + "@example.com\"}}")) {
                probes.put(user, sent);
            }
        }, 1_000, 1_000 / probesPerSecond, TimeUnit.MILLISECONDS);
        Instant measureFrom = Instant.now().plus(warmUp);
        Thread.sleep(warmUp.plus(duration).toMillis());
        load.shutdownNow();
        load.awaitTermination(30, TimeUnit.SECONDS);
        Thread.sleep(10_000); // the last probes' welcomes

        watcher.shutdownNow();
        smtp.stop();
        Latencies measured = new Latencies();
        Latencies warmingUp = new Latencies();
        int missing = 0;
        try (Connection db = target.database();
             PreparedStatement transition = db.prepareStatement(
                     "SELECT occurred_at FROM segment_transition WHERE user_id = ? AND dimension = 'lifecycle' AND to_segment = 'NEW'");
             PreparedStatement email = db.prepareStatement("""
                     SELECT h.at FROM message_status_history h JOIN message_outbox o ON o.id = h.outbox_id
                     WHERE o.user_id = ? AND o.kind = 'welcome' AND h.status = 'SENT'""")) {
            for (Map.Entry<String, Instant> probe : probes.entrySet()) {
                Instant committed = first(transition, probe.getKey());
                Instant accepted = arrivals.get(probe.getKey() + "@example.com");
                if (committed == null || accepted == null || first(email, probe.getKey()) == null) {
                    missing++;
                    continue;
                }
                // the database keeps whole seconds (sendFractionalSeconds=false for Camunda): compare to the second
                (probe.getValue().isBefore(measureFrom) ? warmingUp : measured).add(
                        Math.max(0, committed.getEpochSecond() - probe.getValue().getEpochSecond()) * 1000,
                        Duration.between(probe.getValue(), accepted).toMillis());
            }
        }
        long backgroundEvents = background.get();
        long seconds = warmUp.plus(duration).toSeconds();
        String summary = String.format(Locale.ROOT, """
                | %d s measured after %d s warm-up, background %,d events (%.0f/s) | probes | p50 | p90 | p99 | max |
                |---|---|---|---|---|---|
                | event → transition committed (whole seconds, ms) | %s
                | event → email accepted by the SMTP server (ms) | %s
                | warm-up: event → email accepted (ms) | %s

                %d probes, %d without a transition or a sent welcome at the end.
                """, duration.toSeconds(), warmUp.toSeconds(), backgroundEvents, backgroundEvents / (double) seconds,
                Latencies.row(measured.toTransition), Latencies.row(measured.toEmail), Latencies.row(warmingUp.toEmail),
                probes.size(), missing);
        BenchTarget.report("freshness-benchmark", summary);
    }

    /** One call per background user, in batches of 500: {@code fields} are the call's JSON fields besides userId. */
    private void toEachBackgroundUser(int backgroundUsers, String fields) {
        for (int from = 0; from < backgroundUsers; from += 500) {
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            for (int i = from; i < Math.min(backgroundUsers, from + 500); i++) {
                batch.append(i > from ? "," : "").append("{\"userId\":\"").append(run).append("-bg-").append(i).append("\",")
                        .append(fields).append('}');
            }
            post("/v1/batch", batch.append("]}").toString());
        }
    }

    private void awaitNoPendingSignals() throws Exception {
        try (Connection db = target.database();
             PreparedStatement pending = db.prepareStatement("SELECT COUNT(*) FROM journey_signal")) {
            for (int second = 0; second < 600; second++) {
                try (ResultSet rs = pending.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(1_000);
            }
        }
        throw new IllegalStateException("Signals still pending after 10 minutes");
    }

    /** Measuring starts once the background users' journeys have started and their welcome was decided. */
    private void awaitSettled(int backgroundUsers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try (Connection db = target.database();
             PreparedStatement settled = db.prepareStatement("""
                     SELECT COUNT(*) FROM message_outbox WHERE user_id LIKE ? AND kind = 'welcome' AND status IN ('SENT', 'SKIPPED')""")) {
            settled.setString(1, run + "-bg-%");
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = settled.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= backgroundUsers) {
                        return;
                    }
                }
                Thread.sleep(1_000);
            }
        }
        throw new IllegalStateException("The background users' journeys did not settle within 10 minutes");
    }

    private static Instant first(PreparedStatement query, String user) throws Exception {
        query.setString(1, user);
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getTimestamp(1).toInstant() : null;
        }
    }

    /** A group of probes' latencies, milliseconds. */
    private static final class Latencies {
        private final List<Long> toTransition = new ArrayList<>();
        private final List<Long> toEmail = new ArrayList<>();

        void add(long transitionMillis, long emailMillis) {
            toTransition.add(transitionMillis);
            toEmail.add(emailMillis);
        }

        static String row(List<Long> latencies) {
            Collections.sort(latencies);
            return String.format(Locale.ROOT, "%d | %d | %d | %d | %d |", latencies.size(), pct(latencies, 50),
                    pct(latencies, 90), pct(latencies, 99), pct(latencies, 100));
        }
    }

    private static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private void postAsync(String path, String body) {
        target.http().sendAsync(target.ingest(path, body), HttpResponse.BodyHandlers.discarding());
    }

    private boolean post(String path, String body) {
        return target.post(path, body);
    }
}
