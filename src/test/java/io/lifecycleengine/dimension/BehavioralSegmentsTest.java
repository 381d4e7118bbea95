package io.lifecycleengine.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.ingest.BehaviorEvent;
import io.lifecycleengine.ingest.EventType;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/** After each event a user sits in exactly one segment per dimension; changes are recorded with the rule's reason. */
class BehavioralSegmentsTest extends IntegrationTest {

    private static final Instant NOW = Instant.parse("2026-07-15T12:00:00Z");

    @Autowired
    private SegmentAging aging;
    @Autowired
    private ProfileService profiles;
    @Autowired
    private SegmentService segmentService;
    @Autowired
    private DimensionService dimensions;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private ObjectMapper json;

    private String user;

    @BeforeEach
    void freezeTime() {
        setClock(NOW);
        user = newUserId("segments");
    }

    @Test
    void aNewUserStartsInTheQuietSegmentOfEveryDimension() {
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));

        assertThat(segments()).containsExactlyInAnyOrderEntriesOf(Map.of("engagement", "inactive", "purchase", "none",
                "usage", "dormant-user", "content", "none", "intent", "none"));
    }

    @Test
    void behaviorMovesTheUserBetweenSegmentsAndEveryMoveIsRecorded() {
        for (int day = 0; day < 4; day++) {
            track("Video Playback Started", NOW.minus(Duration.ofDays(day)));
        }
        track("Order Completed", NOW.minus(Duration.ofHours(2)), Map.of("revenue", 300));
        track("Order Completed", NOW.minus(Duration.ofHours(1)), Map.of("revenue", 250));
        track("Product Added", NOW);

        assertThat(segments()).containsEntry("engagement", "highly-active")
                .containsEntry("purchase", "high-value-customer")
                .containsEntry("usage", "casual-user")
                .containsEntry("content", "video-watcher")
                .containsEntry("intent", "cart-abandoner");
        assertThat(moves("purchase")).containsExactly(
                "null->none: no purchase yet",
                "none->first-time-buyer: exactly one purchase",
                "first-time-buyer->high-value-customer: revenue of 500 or more");
        assertThat(moves("engagement")).containsExactly(
                "null->inactive: active on fewer than 2 of the last 30 days",
                "inactive->moderately-active: active on 2 or more of the last 30 days",
                "moderately-active->highly-active: active on 4 or more of the last 7 days");

        track("Order Completed", NOW, Map.of("revenue", 10));
        assertThat(segments()).as("a purchase closes the cart").containsEntry("intent", "none");
        assertThat(engine.getHistoryService().createHistoricDecisionInstanceQuery().count())
                .as("segment decisions leave no per-event history").isZero();
    }

    @Test
    void aCartIsOpenWhenItIsLaterThanTheLastPurchaseToTheSecond() {
        track("Order Completed", NOW.minusSeconds(10).plusMillis(200), Map.of("revenue", 10));
        track("Product Added", NOW.minusSeconds(10).plusMillis(900));
        assertThat(segments()).as("in the purchase's second").containsEntry("intent", "none");

        track("Product Added", NOW.minusSeconds(9));
        assertThat(segments()).as("a second later").containsEntry("intent", "cart-abandoner");
    }

    @Test
    void segmentsListMembersPageByPage() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String member = user + "-" + i;
            users.add(member);
            client.ingest("/v1/track", Map.of("userId", member, "event", "Demo Requested"));
        }

        JsonNode first = client.getJson("/api/segments/intent/demo-requester/members?size=2&page=0");
        JsonNode sizes = client.getJson("/api/segments");

        assertThat(first.path("size").asInt()).isEqualTo(2);
        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(sizes.path("intent").path("demo-requester").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(sizes.path("lifecycle").path("HIGH_INTENT").asLong()).isGreaterThanOrEqualTo(0);
        List<String> members = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode items = client.getJson("/api/segments/intent/demo-requester/members?size=2&page=" + page).path("items");
            if (items.isEmpty()) {
                break;
            }
            items.forEach(item -> members.add(item.path("userId").asText()));
        }
        assertThat(members).containsAll(users).doesNotHaveDuplicates();

        List<String> byCursor = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = client.getJson("/api/segments/intent/demo-requester/members?size=2"
                    + (next == null ? "" : "&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
            page.path("items").forEach(item -> byCursor.add(item.path("userId").asText()));
            next = page.path("next").asText(null);
        } while (next != null);
        assertThat(byCursor).as("after the cursor of each page, in user id order").isEqualTo(members.stream().sorted().toList());
        String firstOfPageOne = client.getJson("/api/segments/intent/demo-requester/members?size=2&page=1")
                .path("items").get(0).path("userId").asText();
        assertThat(client.getJson("/api/segments/intent/demo-requester/members?size=2&after=" + first.path("next").asText())
                .path("items").get(0).path("userId").asText()).isEqualTo(firstOfPageOne);
        assertThat(client.get("/api/segments/intent/demo-requester/members?page=1&after=x").status()).isEqualTo(400);
        assertThat(client.get("/api/segments/nonsense/x/members").status()).isEqualTo(404);
        assertThat(client.get("/api/segments/intent/none/members?size=0").status()).isEqualTo(400);
    }

    @Test
    void theSizesListEveryDeclaredSegmentAtZeroToo() {
        client.ingest("/v1/identify", Map.of("userId", user));

        JsonNode sizes = client.getJson("/api/segments");

        // as the lifecycle's stages are: a segment nobody is in yet reads 0 rather than being absent
        assertThat(sizes.path("purchase").fieldNames()).toIterable()
                .contains("high-value-customer", "repeat-customer", "first-time-buyer", "none");
        assertThat(sizes.path("content").fieldNames()).toIterable()
                .contains("blog-reader", "video-watcher", "email-engager", "lesson-learner", "none");
        for (JsonNode unused : client.getJson("/api/segments/unused?days=30")) {
            assertThat(sizes.path(unused.path("dimension").asText()).path(unused.path("segment").asText()).isNumber())
                    .as(unused.toString()).isTrue();
        }
    }

    @Test
    void aMistypedSegmentIsNotFoundRatherThanEmpty() {
        client.ingest("/v1/identify", Map.of("userId", user));

        LifecycleClient.Answer stage = client.get("/api/segments/lifecycle/new/members");
        LifecycleClient.Answer segment = client.get("/api/segments/usage/power-users/members");

        assertThat(stage.status()).isEqualTo(404);
        assertThat(stage.body().path("message").asText()).contains("NEW", "HIGH_INTENT");
        assertThat(segment.status()).isEqualTo(404);
        assertThat(segment.body().path("message").asText()).contains("power-user", "casual-user");
        assertThat(client.get("/api/segments/lifecycle/CHURNED/members").status()).as("a stage nobody may be in").isEqualTo(200);
    }

    @Test
    void aPageFarBeyondTheLastIsEmpty() {
        client.ingest("/v1/identify", Map.of("userId", user));

        LifecycleClient.Answer far = client.get("/api/segments/intent/none/members?size=500&page=5000000");

        assertThat(far.status()).as(far.raw().body()).isEqualTo(200);
        assertThat(far.body().path("items")).isEmpty();
        assertThat(far.body().path("total").asLong()).isPositive();
    }

    @Test
    void agingDoesNotPutBackAUserMergedAwayMeanwhile() throws Exception {
        track("Report Viewed", NOW);
        assertThat(segments()).containsEntry("engagement", "inactive");

        // an alias merging the user away is under way, not committed yet, as aging starts
        TransactionStatus merge = transactions.getTransaction(TransactionDefinition.withDefaults());
        Thread aging = new Thread(() -> this.aging.refreshRecentlyActive(), "aging-under-test");
        try {
            profiles.forget(user);
            segmentService.leaveByMerge(user, null);
            aging.start();
            awaitWaitingForMemberships(aging);
        } finally {
            transactions.commit(merge);
        }
        aging.join(30_000);

        assertThat(segmentService.membershipsOf(user)).as("a merged user is in no segment").isEmpty();
    }

    @Test
    void agingDoesNotUndoWhatAnEventDecidedMeanwhile() throws Exception {
        for (int day = 1; day < 4; day++) {
            track("Report Viewed", NOW.minus(Duration.ofDays(day)));
        }
        assertThat(segments()).containsEntry("engagement", "moderately-active");

        // a fourth active day is being written, not committed yet, as aging starts
        TransactionStatus event = transactions.getTransaction(TransactionDefinition.withDefaults());
        Thread aging = new Thread(() -> this.aging.refreshRecentlyActive(), "aging-under-test");
        try {
            BehaviorEvent today = new BehaviorEvent(UUID.randomUUID().toString(), EventType.TRACK, user, null, null,
                    "Report Viewed", json.createObjectNode(), json.createObjectNode(), NOW, NOW, "{}");
            ProfileService.Applied applied = profiles.applyBatch(Map.of(user, List.of(today)));
            dimensions.refreshProfiles(List.of(applied.profiles().get(user)));
            aging.start();
            awaitWaitingForMemberships(aging);
        } finally {
            transactions.commit(event);
        }
        aging.join(30_000);

        assertThat(segments()).containsEntry("engagement", "highly-active");
        assertThat(moves("engagement")).last().asString().startsWith("moderately-active->highly-active");
    }

    @Test
    void segmentsAgeAsDaysPassWithoutEvents() {
        for (int day = 0; day < 4; day++) {
            track("Report Viewed", NOW.minus(Duration.ofDays(day)));
        }
        assertThat(segments()).containsEntry("engagement", "highly-active");

        setClock(NOW.plus(Duration.ofDays(20)));
        long refreshed = aging.refreshRecentlyActive();

        assertThat(refreshed).isPositive();
        assertThat(segments()).containsEntry("engagement", "moderately-active").containsEntry("usage", "casual-user");
        assertThat(moves("engagement")).last().asString().startsWith("highly-active->moderately-active");
    }

    @Test
    void aCartAbandonedLongerThanTheIntentWindowAgesOut() {
        track("Product Added", NOW);
        assertThat(segments()).containsEntry("intent", "cart-abandoner");

        setClock(NOW.plus(Duration.ofDays(29)));
        aging.refreshRecentlyActive();
        assertThat(segments()).as("on the 30th day").containsEntry("intent", "cart-abandoner");

        setClock(NOW.plus(Duration.ofDays(30)));
        aging.refreshRecentlyActive();
        assertThat(segments()).as("quiet for 30 days, in the quiet segment of every dimension")
                .containsEntry("intent", "none").containsEntry("engagement", "inactive");
    }

    @Test
    void reportsOnlyDeclaredSegmentsThatNobodyIsIn() {
        client.ingest("/v1/identify", Map.of("userId", user));
        Map<String, String> mine = segments();

        JsonNode unused = client.getJson("/api/segments/unused?days=30");

        for (JsonNode u : unused) {
            String dimension = u.path("dimension").asText();
            String segment = u.path("segment").asText();
            assertThat(mine.get(dimension)).as("the user's own segment is in use").isNotEqualTo(segment);
            assertThat(client.getJson("/api/segments/" + dimension + "/" + segment + "/members").path("total").asLong())
                    .as("%s/%s has no members", dimension, segment).isZero();
        }
        assertThat(client.get("/api/segments/unused?days=0").status()).isEqualTo(400);
    }

    /** Until the thread waits for the segment rows that another transaction holds. */
    private static void awaitWaitingForMemberships(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Arrays.stream(thread.getStackTrace()).noneMatch(frame -> frame.getMethodName().equals("membershipsOfAll"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Aging did not get to the memberships: " + Arrays.toString(thread.getStackTrace()));
            }
            Thread.sleep(10);
        }
        Thread.sleep(500);
    }

    private void track(String event, Instant at) {
        track(event, at, Map.of());
    }

    private void track(String event, Instant at, Map<String, Object> properties) {
        client.ingest("/v1/track", Map.of("userId", user, "event", event, "timestamp", at.toString(),
                "properties", properties));
    }

    private Map<String, String> segments() {
        Map<String, String> segments = new java.util.TreeMap<>();
        client.getJson("/api/users/" + user).path("segments").fields()
                .forEachRemaining(e -> segments.put(e.getKey(), e.getValue().asText()));
        return segments;
    }

    private List<String> moves(String dimension) {
        List<String> moves = new ArrayList<>();
        for (JsonNode t : client.getJson("/api/users/" + user + "/transitions?dimension=" + dimension)) {
            moves.add(t.path("from").asText("null") + "->" + t.path("to").asText() + ": " + t.path("reason").asText());
        }
        return moves;
    }
}
