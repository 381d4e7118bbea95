package io.lifecycleengine.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The database restarted under ingest load (issue 6), run by {@code docs/bench/database-restart.sh}, which
 * stops and starts MariaDB while this posts batches for {@code bench.seconds}: every answer is counted by
 * status; calls answered 503 must carry Retry-After; none may be 5xx otherwise; every call answered 200 must
 * be stored; and calls must be answered 200 again at the end, without restarting the application.
 */
class DatabaseRestartRun {

    private static final int EVENTS_PER_CALL = 10;

    private final BenchTarget target = new BenchTarget();
    private final Duration duration = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    private final String run = "dbrestart-" + Long.toString(System.currentTimeMillis(), 36);

    @Test
    void ingestAnswers503WhileTheDatabaseIsAwayAndRecovers() throws Exception {
        assumeTrue(target.given(), "run through docs/bench/database-restart.sh");
        Map<String, Integer> answers = new TreeMap<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> withoutRetryAfter = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        long end = System.nanoTime() + duration.toNanos();
        long[] lastOk = new long[1];
        for (int client = 0; client < 4; client++) {
            int number = client;
            clients.execute(() -> {
                for (int call = 0; running.get() && System.nanoTime() < end; call++) {
                    String user = run + "-" + number + "-" + call;
                    String status;
                    try {
                        HttpResponse<String> answer = target.http().send(request(user), HttpResponse.BodyHandlers.ofString());
                        status = Integer.toString(answer.statusCode());
                        if (answer.statusCode() == 200) {
                            acknowledged.add(user);
                            synchronized (lastOk) {
                                lastOk[0] = System.nanoTime();
                            }
                        } else if (answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isEmpty()) {
                            withoutRetryAfter.add(user);
                        }
                        if (answer.statusCode() != 200) {
                            Thread.sleep(200);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        status = e.getClass().getSimpleName();
                    }
                    synchronized (answers) {
                        answers.merge(status, 1, Integer::sum);
                    }
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS);
        running.set(false);

        long stored = 0;
        long missing = 0;
        try (Connection db = target.database();
             PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM behavior_event WHERE user_id = ?")) {
            for (String user : acknowledged) {
                count.setString(1, user);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    long events = rs.getLong(1);
                    stored += events;
                    missing += events == EVENTS_PER_CALL ? 0 : 1;
                    if (events != EVENTS_PER_CALL) {
                        System.out.println("acknowledged but not fully stored: " + user + " (" + events + " of " + EVENTS_PER_CALL + " events)");
                    }
                }
            }
        }
        boolean recovered = (System.nanoTime() - lastOk[0]) < TimeUnit.SECONDS.toNanos(10);
        String summary = String.format(Locale.ROOT, """
                | answers by status | %s |
                |---|---|
                | 503 without Retry-After | %d |
                | calls acknowledged (200) | %,d (%,d events) |
                | acknowledged calls not fully stored | %d |
                | answered 200 again at the end, same process | %s |
                """, answers, withoutRetryAfter.size(), acknowledged.size(), stored, missing, recovered ? "yes" : "NO");
        BenchTarget.report("database-restart", summary);
    }

    private HttpRequest request(String user) {
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < EVENTS_PER_CALL; i++) {
            batch.append(i > 0 ? "," : "").append("{\"type\":\"track\",\"userId\":\"").append(user)
                    .append("\",\"event\":\"Restart Survived\",\"messageId\":\"").append(user).append('-').append(i).append("\"}");
        }
        return target.ingest("/v1/batch", batch.append("]}").toString());
    }
}
