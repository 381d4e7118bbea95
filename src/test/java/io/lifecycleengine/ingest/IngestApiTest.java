package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import io.lifecycleengine.support.LifecycleClient.Answer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Segment-spec intake over HTTP: authentication, validation, dedupe and batches. */
class IngestApiTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private BatchWriter batchWriter;

    @Test
    void acceptsATrackCallAndAnswersLikeSegment() {
        String user = newUserId("ingest");

        Answer answer = client.post("/v1/track", Map.of("userId", user, "event", "Song Played",
                "properties", Map.of("title", "So What"), "messageId", "m-" + user));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("success").asBoolean()).isTrue();
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(1);
    }

    @Test
    void rejectsCallsWithoutAValidWriteKey() {
        String body = "{\"userId\":\"someone\",\"event\":\"x\"}";

        Answer missing = client.post("/v1/track", body, null);
        Answer wrong = client.post("/v1/track", body, LifecycleClient.basic("not-the-key", ""));

        for (Answer answer : List.of(missing, wrong)) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.body().path("error").asText()).isEqualTo("unauthorized");
            assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    header -> assertThat(header).startsWith("Basic"));
        }
        assertThat(client.get("/api/users/someone").status()).isEqualTo(404);
    }

    @Test
    void acceptsTheWriteKeyInTheBodyInstead() {
        String user = newUserId("bodykey");
        String key = environment.getRequiredProperty("lifecycle.ingest.write-key");

        Answer accepted = client.post("/v1/track", json(Map.of("userId", user, "event", "E", "writeKey", key)), null);
        Answer wrongKey = client.post("/v1/track", json(Map.of("userId", user, "event", "E", "writeKey", "nope")), null);
        Answer batch = client.post("/v1/batch", json(Map.of("writeKey", key,
                "batch", List.of(Map.of("type", "track", "userId", user, "event", "F")))), null);

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(batch.status()).isEqualTo(200);
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(2);
    }

    @Test
    void mergesBatchContextIntoItemsAndCorrectsClientClockSkew() {
        String user = newUserId("skew");
        Instant receipt = Instant.parse("2026-06-01T12:00:00Z");
        setClock(receipt);

        client.ingest("/v1/batch", Map.of(
                "sentAt", "2026-06-01T11:00:00Z",
                "context", Map.of("library", Map.of("name", "analytics-test"), "locale", "en-GB"),
                "batch", List.of(Map.of("type", "track", "userId", user, "event", "E", "messageId", "skew-" + user,
                        "timestamp", "2026-06-01T10:50:00Z", "context", Map.of("locale", "de-DE")))));

        var profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(Instant.parse(profile.path("lastActivityAt").asText())).isEqualTo("2026-06-01T11:50:00Z");
        String payload = jdbc.queryForObject("SELECT payload FROM behavior_event WHERE message_id = ?", String.class,
                "skew-" + user);
        assertThat(payload).contains("\"locale\":\"de-DE\"").contains("\"name\":\"analytics-test\"");
    }

    @Test
    void enforcesSegmentsSizeLimits() {
        String big = "x".repeat(33 * 1024);
        Answer tooBigEvent = client.post("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "track", "userId", "u", "event", "E", "properties", Map.of("blob", big)))));
        assertThat(tooBigEvent.status()).isEqualTo(400);
        assertThat(tooBigEvent.body().path("message").asText()).isEqualTo("batch[0]: larger than 32 KB");

        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(Map.of("type", "track", "userId", "u", "event", "E", "properties", Map.of("blob", "y".repeat(30 * 1024))));
        }
        Answer tooBigBatch = client.post("/v1/batch", Map.of("batch", items));
        assertThat(tooBigBatch.status()).isEqualTo(400);
        assertThat(tooBigBatch.body().path("message").asText()).isEqualTo("body: larger than 500 KB");
    }

    @Test
    void rejectsTimestampsOutOfRange() {
        assertProblem("/v1/track", Map.of("userId", "u", "event", "E", "timestamp", "0001-01-01T00:00:00Z"),
                "body: timestamp is out of range (1970 to 2999): 0001-01-01T00:00:00Z");
    }

    @Test
    void answersMalformedJsonWith400() {
        Answer answer = client.post("/v1/track", "{\"userId\": \"a\", \"event\": ", writeKey());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").asText()).isEqualTo("malformed_json");
    }

    @Test
    void namesTheProblemOfAnInvalidCall() {
        assertProblem("/v1/track", Map.of("event", "No Id"), "body: userId or anonymousId is required");
        assertProblem("/v1/track", Map.of("userId", "u"), "body: event is required");
        assertProblem("/v1/track", Map.of("userId", "u", "event", "E", "timestamp", "yesterday"),
                "body: timestamp is not an ISO-8601 date-time: yesterday");
        assertProblem("/v1/track", Map.of("userId", "u", "event", "E", "properties", List.of(1)),
                "body: properties must be a JSON object");
        assertProblem("/v1/identify", Map.of("userId", Map.of("nested", true)), "body: userId must be a string");
        assertProblem("/v1/track", Map.of("userId", "u".repeat(300), "event", "E"),
                "body: userId is longer than 255 characters");
        assertProblem("/v1/batch", Map.of("batch", "nope"), "body: batch must be a JSON array of calls");
    }

    @Test
    void rejectsAWholeBatchWithOneBadItemAndStoresNothingOfIt() {
        String user = newUserId("batch");

        Answer answer = client.post("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "identify", "userId", user, "traits", Map.of("email", emailOf(user))),
                Map.of("type", "track", "userId", user))));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("batch[1]: event is required");
        assertThat(client.get("/api/users/" + user).status()).isEqualTo(404);

        Answer unknownType = client.post("/v1/batch", Map.of("batch", List.of(Map.of("type", "delete", "userId", user))));
        assertThat(unknownType.body().path("message").asText()).startsWith("batch[0]: type must be one of");
    }

    @Test
    void rejectsBatchesOverTheItemLimit() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i <= IngestController.MAX_BATCH_ITEMS; i++) {
            items.add(Map.of("type", "track", "userId", "u", "event", "E"));
        }

        Answer answer = client.post("/v1/batch", Map.of("batch", items));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("body: batch has 2501 items, at most 2500");
    }

    @Test
    void storesABatchOfMixedCalls() {
        String user = newUserId("batch");

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "identify", "userId", user, "traits", Map.of("email", emailOf(user), "plan", "free")),
                Map.of("type", "page", "userId", user, "name", "Home"),
                Map.of("type", "screen", "userId", user, "name", "Dashboard"),
                Map.of("type", "track", "userId", user, "event", "Order Completed", "properties", Map.of("revenue", 20)),
                Map.of("type", "group", "userId", user, "groupId", "acme"),
                Map.of("type", "alias", "userId", user, "previousId", "anon-1"))));

        var profile = client.getJson("/api/users/" + user);
        assertThat(profile.path("email").asText()).isEqualTo(emailOf(user));
        assertThat(profile.path("traits").path("plan").asText()).isEqualTo("free");
        assertThat(profile.path("profile").path("events").asLong()).isEqualTo(6);
        assertThat(profile.path("profile").path("pageViews").asLong()).isEqualTo(2);
        assertThat(profile.path("profile").path("purchases").asInt()).isEqualTo(1);
        assertThat(profile.path("stage").asText()).isEqualTo("NEW");
    }

    @Test
    void storesAnEventOnlyOncePerMessageId() {
        String user = newUserId("dedupe");
        Map<String, Object> call = Map.of("userId", user, "event", "Order Completed", "messageId", "dup-" + user,
                "properties", Map.of("revenue", 10));

        client.ingest("/v1/track", call);
        client.ingest("/v1/track", call);
        Map<String, Object> batchItem = new HashMap<>(call);
        batchItem.put("type", "track");
        client.ingest("/v1/batch", Map.of("batch", List.of(batchItem)));

        var profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(profile.path("events").asLong()).isEqualTo(1);
        assertThat(profile.path("revenue").decimalValue()).isEqualByComparingTo("10");
    }

    @Test
    void aBatchMixingAStoredEventWithNewOnesStoresTheNewOnesOnly() {
        String user = newUserId("mixed");
        Map<String, Object> stored = Map.of("type", "track", "userId", user, "event", "Order Completed",
                "messageId", "mixed-1-" + user, "properties", Map.of("revenue", 10));
        client.ingest("/v1/batch", Map.of("batch", List.of(stored)));

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "track", "userId", user, "event", "Order Completed", "messageId", "mixed-0-" + user,
                        "properties", Map.of("revenue", 5)),
                stored,
                Map.of("type", "track", "userId", user, "event", "Order Completed", "messageId", "mixed-2-" + user,
                        "properties", Map.of("revenue", 7)))));

        var profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(profile.path("events").asLong()).isEqualTo(3);
        assertThat(profile.path("revenue").decimalValue()).isEqualByComparingTo("22");
    }

    @Test
    void twoWritersStoringTheSameCallsInOppositeOrderNeitherDeadlockNorDouble() throws Exception {
        String user = newUserId("order");
        List<BehaviorEvent> first = new ArrayList<>();
        List<BehaviorEvent> second = new ArrayList<>();
        Instant at = Instant.parse("2026-01-05T10:00:00Z");
        for (int i = 0; i < 200; i++) {
            (i < 100 ? first : second).add(new BehaviorEvent(user + "-" + i, EventType.TRACK, user, null, null, "Report Viewed",
                    JSON.createObjectNode(), JSON.createObjectNode(), at, at, "{}"));
        }
        List<BehaviorEvent> oneOrder = new ArrayList<>(first);
        oneOrder.addAll(second);
        List<BehaviorEvent> otherOrder = new ArrayList<>(second);
        otherOrder.addAll(first);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService writers = Executors.newFixedThreadPool(2);

        List<Future<BatchWriter.Written>> written = List.of(
                writers.submit(() -> {
                    start.await();
                    return batchWriter.write(oneOrder);
                }),
                writers.submit(() -> {
                    start.await();
                    return batchWriter.write(otherOrder);
                }));
        int stored = 0;
        for (Future<BatchWriter.Written> each : written) {
            // without one key order the two transactions wait on each other's rows, row by row, for minutes on H2
            stored += each.get(60, TimeUnit.SECONDS).stored().size();
        }
        writers.shutdown();

        assertThat(stored).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM behavior_event WHERE user_id = ?", Long.class, user)).isEqualTo(200);
    }

    @Test
    void concurrentCallsAreWrittenTogetherWithoutLosingOrDoublingAnEvent() throws Exception {
        List<String> users = List.of(newUserId("group"), newUserId("group"), newUserId("group"));
        int calls = 12;
        ExecutorService senders = Executors.newFixedThreadPool(calls);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int call = 0; call < calls; call++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                // call k and call k + 6 send the same events: a replay racing its original
                batch.add(Map.of("type", "track", "userId", users.get(i % 3), "event", "Report Viewed",
                        "messageId", users.get(0) + "-" + (call % 6) + "-" + i));
            }
            answers.add(senders.submit(() -> client.post("/v1/batch", Map.of("batch", batch))));
        }
        for (Future<Answer> answer : answers) {
            assertThat(answer.get().status()).isEqualTo(200);
        }
        senders.shutdown();

        long events = users.stream().mapToLong(user -> client.getJson("/api/users/" + user).path("profile").path("events").asLong()).sum();
        assertThat(events).isEqualTo(600);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM behavior_event WHERE message_id LIKE ?", Long.class,
                users.get(0) + "-%")).isEqualTo(600);
    }

    @Test
    void rejectsAnEmailLongerThanAnAddressCanBe() {
        String user = newUserId("email");
        Answer answer = client.post("/v1/identify", Map.of("userId", user,
                "traits", Map.of("email", "a".repeat(310) + "@example.com")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("body: traits.email is longer than 320 characters");
        assertThat(client.get("/api/users/" + user).status()).isEqualTo(404);
    }

    @Test
    void takesAnIdentifysTraitsFromContextTooTheTopLevelOnesWinning() {
        String user = newUserId("context-traits");
        client.ingest("/v1/identify", Map.of("userId", user,
                "context", Map.of("traits", Map.of("email", emailOf(user), "firstName", "Context", "plan", "pro"))));
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("firstName", "Top"),
                "context", Map.of("traits", Map.of("firstName", "Context"))));

        var profile = client.getJson("/api/users/" + user);
        assertThat(profile.path("email").asText()).isEqualTo(emailOf(user));
        assertThat(profile.path("traits").path("firstName").asText()).isEqualTo("Top");
        assertThat(profile.path("traits").path("plan").asText()).isEqualTo("pro");
        assertProblem("/v1/identify", Map.of("userId", user, "context", Map.of("traits", "pro")),
                "body: context: traits must be a JSON object");
    }

    @Test
    void takesTheEventTimeFromTheTimestampButNeverFromTheFuture() {
        String user = newUserId("time");
        Instant before = Instant.now();

        client.ingest("/v1/track", Map.of("userId", user, "event", "Early", "timestamp", "2026-01-05T10:00:00Z"));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Late", "timestamp", "2099-01-01T00:00:00+02:00"));

        var profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(Instant.parse(profile.path("firstSeenAt").asText())).isEqualTo("2026-01-05T10:00:00Z");
        assertThat(Instant.parse(profile.path("lastActivityAt").asText())).isBetween(before.minusSeconds(1), Instant.now());
    }

    @Test
    void answersWrongMethodsAndMediaTypesWithJson() {
        Answer wrongType = client.post("/v1/track", "userId=u", writeKey());
        assertThat(wrongType.status()).isEqualTo(400);

        Answer wrongMethod = client.get("/v1/track", writeKey());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.body().path("error").asText()).isEqualTo("method_not_allowed");
    }

    private void assertProblem(String path, Map<String, ?> body, String message) {
        Answer answer = client.post(path, body);
        assertThat(answer.status()).as(message).isEqualTo(400);
        assertThat(answer.body().path("error").asText()).isEqualTo("bad_request");
        assertThat(answer.body().path("message").asText()).isEqualTo(message);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String writeKey() {
        return LifecycleClient.basic(environment.getRequiredProperty("lifecycle.ingest.write-key"), "");
    }
}
