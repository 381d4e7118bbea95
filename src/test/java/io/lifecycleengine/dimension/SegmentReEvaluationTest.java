package io.lifecycleengine.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import io.lifecycleengine.support.ModelFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An analyst lowers the high-value threshold in {@code segment-purchase.dmn}: the change applies to a
 * user at their next event, and a re-evaluation applies it to everyone at once, with progress and the
 * new rule's reason recorded.
 */
class SegmentReEvaluationTest extends IntegrationTest {

    private static final Instant NOW = Instant.parse("2026-07-15T12:00:00Z");

    @Autowired
    private Decisions decisions;
    @Autowired
    private SegmentAging aging;

    private String originalVersion;

    @AfterEach
    void restoreTheTable() throws IOException {
        if (originalVersion != null && !latest().getId().equals(originalVersion)) {
            deploy(ModelFiles.read("/bpmn/segment-purchase.dmn"));
            decisions.refreshVersions();
        }
    }

    @Test
    void aLoweredThresholdAppliesAtTheNextEventOrToEveryoneByReEvaluation() throws Exception {
        setClock(NOW);
        String waiting = newUserId("re-evaluation");
        String active = newUserId("re-evaluation");
        buysTwice(waiting);
        buysTwice(active);
        assertThat(purchaseSegment(waiting)).isEqualTo("repeat-customer");

        originalVersion = latest().getId();
        deploy(ModelFiles.read("/bpmn/segment-purchase.dmn").replace("&gt;= 500", "&gt;= 100").replace("revenue of 500 or more", "revenue of 100 or more"));
        Thread.sleep(1_100); // tables are looked up again at most once a second
        client.ingest("/v1/page", Map.of("userId", active, "name", "Home", "timestamp", NOW.toString()));
        assertThat(purchaseSegment(active)).as("at the next event").isEqualTo("high-value-customer");
        assertThat(purchaseSegment(waiting)).as("before the re-evaluation").isEqualTo("repeat-customer");

        LifecycleClient.Answer started = client.postAsAdmin("/api/segments/re-evaluation", Map.of());
        assertThat(started.status()).isEqualTo(202);
        JsonNode progress = awaitDone();

        assertThat(progress.path("done").asLong()).isEqualTo(progress.path("users").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(progress.path("changes").asLong()).isPositive();
        assertThat(purchaseSegment(waiting)).isEqualTo("high-value-customer");
        assertThat(lastPurchaseMove(waiting)).isEqualTo("repeat-customer->high-value-customer: revenue of 100 or more");
    }

    @Test
    void aRunThatDiesOfAnErrorIsFailedAndCanBeStartedAgain() throws Exception {
        setClock(NOW);
        buysTwice(newUserId("re-evaluation"));

        originalVersion = latest().getId();
        // an input expression nested this deep overflows the stack of the FEEL parser: an Error, not an exception
        deploy(ModelFiles.read("/bpmn/segment-purchase.dmn").replaceFirst("<text>purchases</text>",
                "<text>" + "(".repeat(20_000) + "purchases" + ")".repeat(20_000) + "</text>"));
        decisions.refreshVersions();
        assertThat(client.postAsAdmin("/api/segments/re-evaluation", Map.of()).status()).isEqualTo(202);

        JsonNode failed = awaitFinished();
        assertThat(failed.path("state").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).startsWith("StackOverflowError");

        deploy(ModelFiles.read("/bpmn/segment-purchase.dmn"));
        decisions.refreshVersions();
        assertThat(client.postAsAdmin("/api/segments/re-evaluation", Map.of()).status()).isEqualTo(202);
        awaitDone();
    }

    @Test
    void aTableThatDecidesNothingForAUserLeavesTheirSegmentAndStillTakesTheirEvents() throws Exception {
        setClock(NOW);
        String buyer = newUserId("re-evaluation");
        client.ingest("/v1/identify", Map.of("userId", buyer, "timestamp", NOW.toString()));
        assertThat(purchaseSegment(buyer)).isEqualTo("none");

        originalVersion = latest().getId();
        // the analyst removed the catch-all rule: a user without purchases matches no rule
        deploy(ModelFiles.read("/bpmn/segment-purchase.dmn").replaceAll("(?s)<rule id=\"Rule_3\">.*?</rule>", ""));
        decisions.refreshVersions();

        LifecycleClient.Answer page = client.post("/v1/page", Map.of("userId", buyer, "name", "Home",
                "timestamp", NOW.toString()));
        assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
        assertThat(client.getJson("/api/users/" + buyer).path("segments").path("engagement").asText())
                .as("the other dimensions are decided").isEqualTo("inactive");
        assertThat(purchaseSegment(buyer)).as("left where the last decision put them").isEqualTo("none");

        assertThat(client.postAsAdmin("/api/segments/re-evaluation", Map.of()).status()).isEqualTo(202);
        JsonNode failed = awaitFinished();
        assertThat(failed.path("state").asText()).as("a re-evaluation names the table that decides nothing")
                .isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("segment-purchase", "matched no rule");
    }

    @Test
    void aRuleWithAnEmptyOutputCellRecordsNoTextNull() throws Exception {
        setClock(NOW);
        String once = newUserId("re-evaluation");
        String twice = newUserId("re-evaluation");
        client.ingest("/v1/identify", Map.of("userId", twice, "timestamp", NOW.toString()));

        originalVersion = latest().getId();
        // the analyst left a reason cell and a segment cell empty
        deploy(ModelFiles.read("/bpmn/segment-purchase.dmn").replace("<text>\"exactly one purchase\"</text>", "<text></text>")
                .replace("<text>\"repeat-customer\"</text>", "<text></text>"));
        decisions.refreshVersions();
        buysTwice(twice);
        client.ingest("/v1/track", Map.of("userId", once, "event", "Order Completed", "timestamp", NOW.toString(),
                "properties", Map.of("revenue", 20)));

        assertThat(purchaseSegment(once)).isEqualTo("first-time-buyer");
        assertThat(lastPurchaseMove(once)).doesNotEndWith(": null");
        assertThat(purchaseSegment(twice)).as("a rule without a segment decides nothing").isEqualTo("first-time-buyer");
        assertThat(client.getJson("/api/segments").path("purchase").has("null")).isFalse();
    }

    @Test
    void aSegmentANewRuleDecidesIsDeclaredBeforeAnybodyEntersIt() throws Exception {
        setClock(NOW);
        client.ingest("/v1/identify", Map.of("userId", newUserId("re-evaluation"), "timestamp", NOW.toString()));

        originalVersion = latest().getId();
        // the analyst split off big spenders in a new rule, without touching the column's predefined values
        deploy(ModelFiles.read("/bpmn/segment-purchase.dmn").replace("<rule id=\"Rule_0\">", """
                <rule id="Rule_Whale">
                  <inputEntry id="UnaryTests_W_0"><text>&gt;= 1</text></inputEntry>
                  <inputEntry id="UnaryTests_W_1"><text>&gt;= 100000</text></inputEntry>
                  <outputEntry id="LiteralExpression_W_segment"><text>"whale"</text></outputEntry>
                  <outputEntry id="LiteralExpression_W_reason"><text>"revenue of 100000 or more"</text></outputEntry>
                </rule>
                <rule id="Rule_0">"""));
        decisions.refreshVersions();

        assertThat(client.getJson("/api/segments").path("purchase").path("whale").isNumber()).isTrue();
        LifecycleClient.Answer members = client.get("/api/segments/purchase/whale/members");
        assertThat(members.status()).as(members.raw().body()).isEqualTo(200);
        assertThat(client.getJson("/api/segments/unused?days=30").findValuesAsText("segment")).contains("whale");
    }

    @Test
    void segmentsAgeWhileOneTableCannotDecideForSomeone() throws Exception {
        setClock(NOW);
        String regular = newUserId("re-evaluation");
        for (int day = 0; day < 4; day++) {
            client.ingest("/v1/track", Map.of("userId", regular, "event", "Report Viewed",
                    "timestamp", NOW.minus(Duration.ofDays(day)).toString()));
        }
        assertThat(segment(regular, "engagement")).isEqualTo("highly-active");

        originalVersion = latest().getId();
        deploy(ModelFiles.read("/bpmn/segment-purchase.dmn").replaceAll("(?s)<rule id=\"Rule_3\">.*?</rule>", ""));
        decisions.refreshVersions();
        setClock(NOW.plus(Duration.ofDays(20)));
        aging.refreshRecentlyActive();

        assertThat(segment(regular, "engagement")).isEqualTo("moderately-active");
        assertThat(purchaseSegment(regular)).isEqualTo("none");
    }

    @Test
    void aSegmentNameTooLongToStoreDoesNotRefuseEvents() throws Exception {
        setClock(NOW);
        String visitor = newUserId("re-evaluation");

        originalVersion = latest().getId();
        deploy(ModelFiles.read("/bpmn/segment-purchase.dmn").replace("<text>\"none\"</text>", "<text>\"" + "x".repeat(65) + "\"</text>"));
        decisions.refreshVersions();

        LifecycleClient.Answer page = client.post("/v1/page", Map.of("userId", visitor, "name", "Home",
                "timestamp", NOW.toString()));
        assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
        assertThat(segment(visitor, "engagement")).isEqualTo("inactive");
        assertThat(purchaseSegment(visitor)).isEmpty();
    }

    private JsonNode awaitDone() throws InterruptedException {
        JsonNode progress = awaitFinished();
        assertThat(progress.path("state").asText()).as(progress.toString()).isEqualTo("done");
        return progress;
    }

    private JsonNode awaitFinished() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode progress = client.getJson("/api/segments/re-evaluation");
            if (!progress.path("state").asText().equals("running")) {
                return progress;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The re-evaluation did not finish");
    }

    private void buysTwice(String user) {
        for (int order = 0; order < 2; order++) {
            client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed",
                    "timestamp", NOW.minus(Duration.ofHours(2 - order)).toString(), "properties", Map.of("revenue", 75)));
        }
    }

    private String purchaseSegment(String user) {
        return segment(user, "purchase");
    }

    private String segment(String user, String dimension) {
        return client.getJson("/api/users/" + user).path("segments").path(dimension).asText();
    }

    private String lastPurchaseMove(String user) {
        JsonNode moves = client.getJson("/api/users/" + user + "/transitions?dimension=purchase");
        JsonNode last = moves.get(moves.size() - 1);
        return last.path("from").asText() + "->" + last.path("to").asText() + ": " + last.path("reason").asText();
    }

    private DecisionDefinition latest() {
        return engine.getRepositoryService().createDecisionDefinitionQuery().decisionDefinitionKey("segment-purchase")
                .latestVersion().singleResult();
    }

    private void deploy(String dmn) {
        engine.getRepositoryService().createDeployment().name("analyst-edit").addString("segment-purchase.dmn", dmn).deploy();
    }
}
