package io.lifecycleengine.support;

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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/lifecycle-engine.jar}) as a process of its own, for fault and
 * cluster tests: it inherits this JVM's environment (so the mysql profile's database when the suite runs
 * on MySQL), plus the given variables; its output goes to {@code target/app-processes/NAME.log}.
 */
public final class AppProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final String name;

    private AppProcess(Process process, int port, String name) {
        this.process = process;
        this.port = port;
        this.name = name;
    }

    /** The application jar that {@code package} built, for tests that run it as a process. */
    public static Path builtJar() {
        Path jar = Path.of("target", "lifecycle-engine.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError("No " + jar + ": run the integration tests after package (./mvnw verify)");
        }
        return jar;
    }

    /** Starts the jar and waits until it answers its health check. */
    public static AppProcess start(String name, int port, Map<String, String> environment) throws Exception {
        Path jar = builtJar();
        Path log = Files.createDirectories(Path.of("target", "app-processes")).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
        builder.environment().putAll(environment);
        AppProcess app = new AppProcess(builder.start(), port, name);
        // a test JVM that is stopped must not leave a node working on the shared database
        Runtime.getRuntime().addShutdownHook(new Thread(app.process::destroyForcibly));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.process.isAlive()) {
                throw new AssertionError(name + " exited with " + app.process.exitValue() + "; see " + log + errorsIn(log));
            }
            try {
                if (app.get("/actuator/health", null).statusCode() == 200) {
                    return app;
                }
            } catch (IOException starting) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        app.kill();
        throw new AssertionError(name + " did not start within 120 s; see " + log);
    }

    /** The log's error lines and causes, so that a failure on a CI machine says why without the file. */
    private static String errorsIn(Path log) throws IOException {
        StringBuilder errors = new StringBuilder();
        Files.readString(log).lines()
                .filter(line -> line.contains(" ERROR ") || line.startsWith("Caused by:"))
                .limit(20)
                .forEach(line -> errors.append(System.lineSeparator()).append(line, 0, Math.min(line.length(), 500)));
        return errors.toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The write key and admin login the process uses: the environment's, else the development ones. */
    public static String writeKeyAuthorization() {
        return basic(env("LIFECYCLE_INGEST_WRITE_KEY", "dev-write-key"), "");
    }

    public static String adminAuthorization() {
        return basic(env("LIFECYCLE_ADMIN_USER", "admin"), env("LIFECYCLE_ADMIN_PASSWORD", "admin"));
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public HttpResponse<String> post(String path, String body, String authorization) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", authorization).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the admin login; null on 404. */
    public JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(path, adminAuthorization());
        if (answer.statusCode() == 404) {
            return null;
        }
        if (answer.statusCode() != 200) {
            throw new AssertionError(name + ": GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
