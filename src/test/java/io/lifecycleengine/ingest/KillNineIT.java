package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.support.AppProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the packaged application under ingest load: every call answered 200 before the kill
 * is in the database after a restart, and no call is stored in part. The application runs as its own
 * process, on the embedded H2 file or, when the suite runs with the mysql profile, on the same MySQL
 * database.
 */
class KillNineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final int EVENTS_PER_CALL = 20;
    private static final long LOAD_MILLIS = 4_000;
    private static final int MIN_ACKNOWLEDGED = 10;

    private final String run = "kill9-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCallSurvivesAKillNineAndNoneIsStoredInPart() throws Exception {
        int port = AppProcess.freePort();
        // on a MySQL database shared with the other tests, leave their journeys on the versions they run
        Map<String, String> environment = Map.of("LIFECYCLE_H2_FILE", dir.resolve("lifecycle").toAbsolutePath().toString(),
                "LIFECYCLE_JOURNEY_MIGRATION_AUTO", "false");
        AppProcess app = AppProcess.start(run + "-first", port, environment);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int client = 0; client < CLIENTS; client++) {
            int number = client;
            clients.execute(() -> {
                for (int call = 0; loading.get(); call++) {
                    String user = run + "-" + number + "-" + call;
                    inFlight.add(user);
                    try {
                        if (app.post("/v1/batch", batchFor(user), AppProcess.writeKeyAuthorization()).statusCode() == 200) {
                            acknowledged.add(user);
                            inFlight.remove(user);
                        }
                    } catch (IOException killed) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        // under load for LOAD_MILLIS, and at least until some calls were answered: a node that starts on a
        // database shared with the other tests first works off their due timers and sends
        long latest = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Thread.sleep(LOAD_MILLIS);
        while (acknowledged.size() <= MIN_ACKNOWLEDGED && System.nanoTime() < latest) {
            Thread.sleep(100);
        }
        app.kill();
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).as("calls acknowledged before the kill").hasSizeGreaterThan(MIN_ACKNOWLEDGED);

        try (AppProcess restarted = AppProcess.start(run + "-second", port, environment)) {
            List<String> lost = new ArrayList<>();
            for (String user : acknowledged) {
                if (storedEvents(restarted, user) != EVENTS_PER_CALL) {
                    lost.add(user);
                }
            }
            Map<String, Long> partial = new HashMap<>();
            for (String user : inFlight) {
                long stored = storedEvents(restarted, user);
                if (stored != 0 && stored != EVENTS_PER_CALL) {
                    partial.put(user, stored);
                }
            }
            assertThat(lost).as("acknowledged calls missing after the restart (of %d)", acknowledged.size()).isEmpty();
            assertThat(partial).as("calls stored in part").isEmpty();
            System.out.printf("kill -9: %d calls (%d events) acknowledged, all stored; %d in flight, none in part%n",
                    acknowledged.size(), acknowledged.size() * EVENTS_PER_CALL, inFlight.size());
        }
    }

    private static long storedEvents(AppProcess app, String user) throws Exception {
        JsonNode found = app.getJson("/api/users/" + user);
        return found == null ? 0 : found.path("profile").path("events").asLong();
    }

    private static String batchFor(String user) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_CALL; i++) {
            batch.add(Map.of("type", "track", "userId", user, "event", "Survived", "messageId", user + "-" + i));
        }
        try {
            return JSON.writeValueAsString(Map.of("batch", batch));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
