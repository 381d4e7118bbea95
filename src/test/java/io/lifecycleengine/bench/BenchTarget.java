package io.lifecycleengine.bench;

import java.io.IOException;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;

/**
 * The running server and database a scripted run measures, from the {@code bench.*} properties that
 * {@code docs/bench/server.sh} passes ({@code bench_arguments}).
 */
final class BenchTarget {

    private final String baseUrl = System.getProperty("bench.url", "");
    private final String jdbcUrl = System.getProperty("bench.jdbc", "");
    private final String jdbcUser = System.getProperty("bench.jdbc.user", "root");
    private final String jdbcPassword = System.getProperty("bench.jdbc.password", "");
    private final String writeKey = System.getProperty("bench.write-key", "");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** False when run by Maven without its script: the run is then skipped. */
    boolean given() {
        return !baseUrl.isEmpty() && !jdbcUrl.isEmpty();
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
    }

    HttpClient http() {
        return http;
    }

    /** A Segment call to the ingest API, authenticated with the write key. */
    HttpRequest ingest(String path, String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** @return whether the call was answered 200 */
    boolean post(String path, String body) {
        try {
            return http.send(ingest(path, body), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The first column of a one-row query, e.g. a COUNT(*). */
    static long count(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Prints the run's summary and writes it to {@code bench.report}, or {@code target/NAME.md}. */
    static void report(String name, String summary) throws IOException {
        Path report = Path.of(System.getProperty("bench.report", "target/" + name + ".md"));
        System.out.println(summary);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, summary);
    }
}
