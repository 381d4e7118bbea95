package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A corpus of over 200 bad requests to the intake: malformed and truncated JSON, wrong types, huge
 * strings, deep nesting, invalid UTF-8, NUL bytes, timestamps out of range, injection strings carried by
 * otherwise bad calls, unknown write keys, oversize batches. Every one is answered 4xx with a JSON error
 * naming the problem, nothing of any is stored, and the engine is healthy afterwards; injection strings
 * in a valid call are stored as the text they are.
 */
class HostileInputTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INJECTIONS = List.of("'; DROP TABLE behavior_event; --", "\" OR 1=1 --",
            "1); DELETE FROM behavior_profile WHERE (1=1", "${7*7}", "#{7*7}", "[[${T(java.lang.Runtime).getRuntime()}]]",
            "__${new java.io.File('/').list()}__::x", "<script>alert(1)</script>", "{{7*7}}", "%s%s%s%n");

    @Autowired
    private JdbcTemplate jdbc;

    private record Bad(String name, String method, String path, byte[] body, String contentType, String authorization) {
    }

    @Test
    void everyBadRequestIsAnswered4xxWithAJsonErrorAndNothingIsStored() throws Exception {
        List<Bad> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        long eventsBefore = count("behavior_event");
        long profilesBefore = count("behavior_profile");

        List<String> wrong = new ArrayList<>();
        for (Bad bad : corpus) {
            LifecycleClient.Answer answer = client.send(bad.method(), bad.path(), bad.body(), bad.contentType(), bad.authorization());
            boolean named = answer.body() != null && !answer.body().path("error").asText().isEmpty()
                    && !answer.body().path("message").asText().isEmpty();
            if (answer.status() < 400 || answer.status() >= 500 || !named) {
                wrong.add(bad.name() + " -> " + answer.status() + " " + abbreviate(answer.raw().body()));
            }
        }

        assertThat(wrong).as("requests not answered 4xx with a JSON error").isEmpty();
        assertThat(count("behavior_event")).as("events stored").isEqualTo(eventsBefore);
        assertThat(count("behavior_profile")).as("profiles created").isEqualTo(profilesBefore);
        assertThat(client.get("/actuator/health", null).body().path("status").asText()).isEqualTo("UP");
        String user = newUserId("after-the-corpus");
        client.ingest("/v1/track", Map.of("userId", user, "event", "Still Works"));
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(1);
    }

    @Test
    void injectionStringsInAValidCallAreStoredAsText() {
        String user = newUserId("injection");
        for (String injection : INJECTIONS) {
            client.ingest("/v1/track", Map.of("userId", user, "event", injection, "properties", Map.of("note", injection)));
        }
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("firstName", INJECTIONS.get(5),
                "email", user + "@example.com")));

        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(INJECTIONS.size() + 1);
        assertThat(jdbc.queryForList("SELECT name FROM behavior_event WHERE user_id = ? AND name IS NOT NULL", String.class, user))
                .containsExactlyInAnyOrderElementsOf(INJECTIONS);
        LifecycleClient.Answer preview = client.postAsAdmin("/api/templates/welcome/preview", Map.of("userId", user));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body().path("text").asText()).as("a template expression in a trait stays text")
                .contains(INJECTIONS.get(5)).doesNotContain("java.lang.Runtime@");
    }

    private List<Bad> corpus() throws Exception {
        String key = LifecycleClient.basic(environment.getRequiredProperty("lifecycle.ingest.write-key"), "");
        List<Bad> corpus = new ArrayList<>();
        String valid = "{\"batch\":[{\"type\":\"track\",\"userId\":\"hostile-user\",\"event\":\"Viewed\",\"properties\":{\"a\":[1,2,{\"b\":\"c\"}]},"
                + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"messageId\":\"hostile-1\"},{\"type\":\"identify\",\"userId\":\"hostile-user\","
                + "\"traits\":{\"email\":\"h@example.com\"},\"messageId\":\"hostile-2\"}]}";
        // truncated at every tenth character: never valid JSON
        for (int cut = 1; cut < valid.length() - 1; cut += 10) {
            corpus.add(json("truncated batch at " + cut, "/v1/batch", valid.substring(0, cut), key));
        }
        String track = "{\"userId\":\"hostile-user\",\"event\":\"Viewed\",\"messageId\":\"hostile-3\"}";
        for (int cut = 1; cut < track.length() - 1; cut += 6) {
            corpus.add(json("truncated track at " + cut, "/v1/track", track.substring(0, cut), key));
        }
        for (String malformed : List.of("", " ", "{", "}", "[", "]", "\"", "{\"userId\":}", "{\"userId\":\"u\",}", "{'userId':'u'}",
                "{\"userId\":\"u\" \"event\":\"x\"}", "{\"userId\":NaN,\"event\":\"x\"}", "{\"userId\":\"u\",\"event\":\"x\"} trailing",
                "/* comment */ {\"userId\":\"u\",\"event\":\"x\"}", "{\"userId\":\"u\",\"event\":\"x\"", "null", "true", "42", "\"a string\"",
                "[{\"userId\":\"u\",\"event\":\"x\"}]", "{\"userId\":\"u\",\"event\":\"\\x41\"}", "{\"userId\":\"u\",\"event\":\"\\u12\"}",
                "{\"userId\":\"u\",\"event\":undefined}", "{\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"a\":01}}",
                "\u0000", "{\"userId\":\"u\"\u0000,\"event\":\"x\"}")) {
            corpus.add(json("malformed " + abbreviate(malformed), "/v1/track", malformed, key));
            corpus.add(json("malformed batch " + abbreviate(malformed), "/v1/batch", malformed, key));
        }
        // wrong types, field by field
        Map<String, List<Object>> wrongTypes = new LinkedHashMap<>();
        wrongTypes.put("userId", List.of(List.of("u"), Map.of("id", "u"), true, 1.5));
        wrongTypes.put("anonymousId", List.of(List.of("a"), Map.of(), false));
        wrongTypes.put("event", List.of(42, List.of("x"), Map.of("name", "x"), true));
        wrongTypes.put("properties", List.of("text", List.of(1, 2), 7, true));
        wrongTypes.put("traits", List.of("text", List.of("email"), 3));
        wrongTypes.put("context", List.of("text", List.of(), 1));
        wrongTypes.put("timestamp", List.of(1700000000, Map.of(), "yesterday", "2026-13-45T99:99:99Z", "0000-00-00", ""));
        wrongTypes.put("messageId", List.of(Map.of(), List.of("m")));
        wrongTypes.forEach((field, values) -> values.forEach(value -> {
            Map<String, Object> call = new LinkedHashMap<>(Map.of("userId", "hostile-user", "event", "Viewed"));
            call.put(field, value);
            corpus.add(json(field + " as " + abbreviate(String.valueOf(value)), "/v1/track", write(call), key));
        }));
        for (Object batch : List.of("calls", Map.of("type", "track"), 5, List.of("not an object"), List.of(7), List.of(List.of()))) {
            corpus.add(json("batch as " + batch, "/v1/batch", write(Map.of("batch", batch)), key));
        }
        for (String type : List.of("", "TRACK ", "delete", "'; DROP TABLE x; --", "${type}")) {
            corpus.add(json("batch item type " + type, "/v1/batch", write(Map.of("batch", List.of(Map.of("type", type, "userId", "u",
                    "event", "x")))), key));
        }
        corpus.add(json("track without event", "/v1/track", "{\"userId\":\"u\"}", key));
        corpus.add(json("track without user", "/v1/track", "{\"event\":\"x\"}", key));
        corpus.add(json("alias without previousId", "/v1/alias", "{\"userId\":\"u\"}", key));
        corpus.add(json("alias without userId", "/v1/alias", "{\"previousId\":\"p\"}", key));
        corpus.add(json("blank ids", "/v1/track", "{\"userId\":\"   \",\"anonymousId\":\"\",\"event\":\"x\"}", key));
        // huge strings
        for (int size : List.of(256, 1_000, 10_000, 40_000)) {
            corpus.add(json("userId of " + size, "/v1/track", write(Map.of("userId", "u".repeat(size), "event", "x")), key));
            corpus.add(json("anonymousId of " + size, "/v1/page", write(Map.of("anonymousId", "a".repeat(size))), key));
            corpus.add(json("messageId of " + size, "/v1/track", write(Map.of("userId", "u", "event", "x", "messageId", "m".repeat(size))), key));
        }
        for (int size : List.of(33_000, 100_000, 400_000)) {
            corpus.add(json("event name of " + size, "/v1/track", write(Map.of("userId", "u", "event", "e".repeat(size))), key));
            corpus.add(json("property of " + size, "/v1/track", write(Map.of("userId", "u", "event", "x",
                    "properties", Map.of("p", "p".repeat(size)))), key));
        }
        corpus.add(json("email of 400", "/v1/identify", write(Map.of("userId", "u", "traits", Map.of("email", "e".repeat(390) + "@x.io"))), key));
        corpus.add(json("body of 600 KB", "/v1/batch", write(Map.of("batch", Collections.nCopies(40,
                Map.of("type", "track", "userId", "u", "event", "x", "properties", Map.of("p", "p".repeat(15_000)))))), key));
        // deep nesting, in properties and at the top
        for (int depth : List.of(65, 100, 1_000, 10_000)) {
            String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            corpus.add(json("properties nested " + depth, "/v1/track", "{\"userId\":\"u\",\"event\":\"x\",\"properties\":" + nested + "}", key));
            corpus.add(json("arrays nested " + depth, "/v1/track", "{\"userId\":\"u\",\"event\":\"x\",\"properties\":{\"a\":"
                    + "[".repeat(depth) + "]".repeat(depth) + "}}", key));
        }
        // invalid UTF-8 and NUL bytes
        byte[][] invalidUtf8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0x28},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFE, (byte) 0xFF}};
        for (byte[] bytes : invalidUtf8) {
            for (String field : List.of("userId", "event")) {
                corpus.add(new Bad("invalid UTF-8 " + hex(bytes) + " in " + field, "POST", "/v1/track",
                        withBytes("{\"userId\":\"u\",\"event\":\"x\"}", field, bytes), "application/json", key));
            }
        }
        for (String field : List.of("userId", "anonymousId", "event", "messageId")) {
            for (String control : List.of("\u0000", "a\u0000b", "\u0001", "line\nbreak", "\u007f")) {
                Map<String, Object> call = new LinkedHashMap<>(Map.of("userId", "u", "event", "x"));
                call.put(field, control);
                corpus.add(json("control " + hex(control.getBytes(StandardCharsets.UTF_8)) + " in " + field, "/v1/track", write(call), key));
            }
        }
        corpus.add(json("NUL in a property", "/v1/track", write(Map.of("userId", "u", "event", "x", "properties", Map.of("p", "a\u0000")))
                , key));
        corpus.add(json("NUL in a trait key", "/v1/identify", write(Map.of("userId", "u", "traits", Map.of("na\u0000me", "x"))), key));
        // timestamps out of range
        for (String at : List.of("1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1000-06-15T12:00:00Z", "3000-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "1900-01-01T00:00:00")) {
            for (String field : List.of("timestamp", "originalTimestamp", "sentAt")) {
                corpus.add(json(field + " " + at, "/v1/track", write(Map.of("userId", "u", "event", "x", field, at)), key));
            }
        }
        corpus.add(json("sentAt a millennium after timestamp", "/v1/track", write(Map.of("userId", "u", "event", "x",
                "timestamp", "1970-01-01T00:00:00Z", "sentAt", "2999-12-31T23:59:59Z")), key));
        // injection strings, each carried by an otherwise bad call
        for (String injection : INJECTIONS) {
            corpus.add(json("injection as event without user: " + injection, "/v1/track", write(Map.of("event", injection)), key));
            corpus.add(json("injection as write key: " + injection, "/v1/track", write(Map.of("userId", "u", "event", injection)),
                    LifecycleClient.basic(injection, "")));
            corpus.add(json("injection as timestamp: " + injection, "/v1/identify", write(Map.of("userId", "u", "timestamp", injection,
                    "traits", Map.of("name", injection))), key));
        }
        // write keys
        String body = write(Map.of("userId", "u", "event", "x"));
        for (String authorization : List.of("", "Basic", "Basic ", "Basic !!!not-base64!!!", "Bearer token", "Basic " + "QQ==".repeat(2_000),
                LifecycleClient.basic("not-a-key", ""), LifecycleClient.basic("", ""), LifecycleClient.basic("x".repeat(5_000), ""),
                LifecycleClient.basic(environment.getRequiredProperty("lifecycle.ingest.write-key") + "x", ""),
                LifecycleClient.basic(environment.getRequiredProperty("lifecycle.ingest.write-key").toUpperCase(), ""))) {
            corpus.add(json("write key '" + abbreviate(authorization) + "'", "/v1/track", body, authorization.isEmpty() ? null : authorization));
        }
        corpus.add(json("write key in body, wrong", "/v1/track", write(Map.of("writeKey", "nope", "userId", "u", "event", "x")), null));
        corpus.add(json("write key in body as object", "/v1/track", write(Map.of("writeKey", Map.of(), "userId", "u", "event", "x")), null));
        // oversize batches: too many calls, and one bad call spoiling a batch of good ones
        corpus.add(json("2,501 calls", "/v1/batch", write(Map.of("batch", Collections.nCopies(2_501,
                Map.of("type", "track", "userId", "u", "event", "x")))), key));
        List<Object> spoiled = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            spoiled.add(Map.of("type", "track", "userId", "hostile-good", "event", "x", "messageId", "hostile-good-" + i));
        }
        spoiled.add(Map.of("type", "track", "userId", "hostile-good", "event", 5));
        corpus.add(json("one bad call after 100 good ones", "/v1/batch", write(Map.of("batch", spoiled)), key));
        // the wrong verb or media type
        corpus.add(new Bad("GET track", "GET", "/v1/track", null, null, key));
        corpus.add(new Bad("PUT batch", "PUT", "/v1/batch", valid.getBytes(StandardCharsets.UTF_8), "application/json", key));
        corpus.add(new Bad("DELETE track", "DELETE", "/v1/track", null, null, key));
        corpus.add(new Bad("form instead of JSON", "POST", "/v1/track", "userId=u&event=x".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", key));
        corpus.add(new Bad("XML instead of JSON", "POST", "/v1/track", "<track><userId>u</userId></track>".getBytes(StandardCharsets.UTF_8),
                "application/xml", key));
        corpus.add(new Bad("unknown call", "POST", "/v1/delete", body.getBytes(StandardCharsets.UTF_8), "application/json", key));
        return corpus;
    }

    private static Bad json(String name, String path, String body, String authorization) {
        return new Bad(name, "POST", path, body.getBytes(StandardCharsets.UTF_8), "application/json", authorization);
    }

    private static byte[] withBytes(String json, String field, byte[] bytes) {
        String marker = "\"" + field + "\":\"";
        int at = json.indexOf(marker) + marker.length();
        byte[] head = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = json.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        System.arraycopy(tail, 0, all, head.length + bytes.length, tail.length);
        return all;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
