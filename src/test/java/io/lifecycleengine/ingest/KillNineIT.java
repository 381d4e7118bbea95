package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
 * process from {@code target/lifecycle-engine.jar}, on the embedded H2 file or, when the suite runs with
 * the mysql profile, on the same MySQL database.
 */
class KillNineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final int EVENTS_PER_CALL = 20;
    private static final Duration LOAD = Duration.ofSeconds(4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = "kill9-" + UUID.randomUUID().toString().substring(0, 8);
    private final String writeKey = env("LIFECYCLE_INGEST_WRITE_KEY", "dev-write-key");
    private final String admin = basic(env("LIFECYCLE_ADMIN_USER", "admin"), env("LIFECYCLE_ADMIN_PASSWORD", "admin"));

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCallSurvivesAKillNineAndNoneIsStoredInPart() throws Exception {
        int port = freePort();
        Process app = start(port, "first");
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
                        if (post(port, "/v1/batch", batchFor(user)).statusCode() == 200) {
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
        Thread.sleep(LOAD.toMillis());
        app.destroyForcibly(); // SIGKILL
        app.waitFor(30, TimeUnit.SECONDS);
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).as("calls acknowledged before the kill").hasSizeGreaterThan(10);

        Process restarted = start(port, "second");
        try {
            List<String> lost = new ArrayList<>();
            for (String user : acknowledged) {
                if (storedEvents(port, user) != EVENTS_PER_CALL) {
                    lost.add(user);
                }
            }
            Map<String, Long> partial = new HashMap<>();
            for (String user : inFlight) {
                long stored = storedEvents(port, user);
                if (stored != 0 && stored != EVENTS_PER_CALL) {
                    partial.put(user, stored);
                }
            }
            assertThat(lost).as("acknowledged calls missing after the restart (of %d)", acknowledged.size()).isEmpty();
            assertThat(partial).as("calls stored in part").isEmpty();
            System.out.printf("kill -9: %d calls (%d events) acknowledged, all stored; %d in flight, none in part%n",
                    acknowledged.size(), acknowledged.size() * EVENTS_PER_CALL, inFlight.size());
        } finally {
            restarted.destroy();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(int port, String name) throws Exception {
        Path jar = Path.of("target", "lifecycle-engine.jar");
        assertThat(jar).exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(Path.of("target", "kill-nine")).resolve(run + "-" + name + ".log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
        builder.environment().put("LIFECYCLE_H2_FILE", dir.resolve("lifecycle").toAbsolutePath().toString());
        // on a MySQL database shared with the other tests, leave their journeys on the versions they run
        builder.environment().put("LIFECYCLE_JOURNEY_MIGRATION_AUTO", "false");
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The application exited with " + process.exitValue() + "; see target/kill-nine/");
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("The application did not start within 120 s; see target/kill-nine/");
    }

    private long storedEvents(int port, String user) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/users/" + user))
                .header("Authorization", admin).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return 0;
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode profile = JSON.readTree(answer.body()).path("profile");
        return profile.path("events").asLong();
    }

    private HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", basic(writeKey, ""))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
