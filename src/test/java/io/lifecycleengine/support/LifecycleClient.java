package io.lifecycleengine.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A real HTTP client for the engine's ingest and read APIs. */
public class LifecycleClient {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String writeKey;
    private final String adminUser;
    private final String adminPassword;
    private final Runnable afterIngest;

    /** @param afterIngest runs after every POST to {@code /v1/...}: waits for what the server does asynchronously */
    public LifecycleClient(String baseUrl, String writeKey, String adminUser, String adminPassword, Runnable afterIngest) {
        this.baseUrl = baseUrl;
        this.writeKey = writeKey;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.afterIngest = afterIngest;
    }

    public record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    public Answer post(String path, Object body) {
        return post(path, body instanceof String text ? text : write(body), basic(writeKey, ""));
    }

    /** Posts to the admin API with the admin's credentials. */
    public Answer postAsAdmin(String path, Object body) {
        return post(path, body instanceof String text ? text : write(body), basic(adminUser, adminPassword));
    }

    public Answer post(String path, String rawBody, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rawBody));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        Answer answer = send(request.build());
        if (path.startsWith("/v1/")) {
            afterIngest.run();
        }
        return answer;
    }

    /** Sends raw bytes (invalid UTF-8, a wrong content type): what a hostile or broken client does. */
    public Answer send(String method, String path, byte[] body, String contentType, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return send(method, path, body, headers);
    }

    /**
     * A deployment as Camunda Modeler's deploy button posts it to {@code /engine-rest/deployment/create}: a multipart
     * form with these fields and one file.
     *
     * @param headers more headers, e.g. Authorization (none: an anonymous deploy)
     */
    public Answer deployAsModeler(Map<String, String> fields, String fileName, String content, Map<String, String> headers) {
        String boundary = "----modeler" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"data\"; filename=\"").append(fileName).append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n").append(content).append("\r\n")
                .append("--").append(boundary).append("--\r\n");
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        return send("POST", "/engine-rest/deployment/create", body.toString().getBytes(StandardCharsets.UTF_8), all);
    }

    /** Sends raw bytes with these headers, e.g. a compressed body with its Content-Encoding. */
    public Answer send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** The Authorization header of the write key this client ingests with. */
    public String writeKeyAuthorization() {
        return basic(writeKey, "");
    }

    /** Posts and insists on Segment's success answer. */
    public void ingest(String path, Map<String, ?> body) {
        Answer answer = post(path, body);
        if (answer.status() != 200) {
            throw new AssertionError("POST " + path + " answered " + answer.status() + ": " + answer.raw().body());
        }
    }

    public Answer get(String path) {
        return get(path, basic(adminUser, adminPassword));
    }

    public Answer get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        Answer answer = send(request.build());
        if (path.startsWith("/v1/")) {
            afterIngest.run();
        }
        return answer;
    }

    public JsonNode getJson(String path) {
        Answer answer = get(path);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + answer.status() + ": " + answer.raw().body());
        }
        return answer.body();
    }

    /** The Authorization header of the admin login this client uses. */
    public String adminAuthorization() {
        return basic(adminUser, adminPassword);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (contentType.contains("json") && !response.body().isEmpty()) {
                body = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
