package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.TestMail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the journey hears when identities join: a visitor's intent before sign-up, a merged user's behavior the
 * surviving user's journey had not heard, and the merged user's messages listed under the surviving user; but no
 * earlier activity replayed as if it happened now, and nothing a journey heard already.
 */
class MergedIdentitiesTest extends JourneyTest {

    @Autowired
    private JdbcTemplate jdbc;

    private static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T09:00:00Z");

    @BeforeEach
    void mondayMorning() {
        setClock(MONDAY_MORNING);
    }

    @Test
    void thePricingPageSeenBeforeSignUpIsHeard() {
        String anonymous = "anon-" + UUID.randomUUID();
        String user = newUserId("visitor");
        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Pricing", "properties", Map.of("path", "/pricing")));

        client.ingest("/v1/identify", Map.of("userId", user, "anonymousId", anonymous, "traits", Map.of("email", emailOf(user))));
        driver.settle(user);

        assertThat(stageOf(user)).isEqualTo("HIGH_INTENT");
        assertThat(templatesOf(user)).containsExactlyInAnyOrder("welcome", "upgrade-prompt");
    }

    @Test
    void theMergedUsersIntentInTheSameBatchAsTheAliasIsHeard() {
        String before = newUserId("same-batch");
        String after = before + "-new";

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "identify", "userId", before, "traits", Map.of("email", emailOf(before))),
                Map.of("type", "page", "userId", before, "name", "Pricing", "properties", Map.of("path", "/pricing")),
                Map.of("type", "alias", "previousId", before, "userId", after))));
        driver.settle(after);

        assertThat(stageOf(after)).isEqualTo("HIGH_INTENT");
        assertThat(templatesOf(after)).containsExactlyInAnyOrder("welcome", "upgrade-prompt");
    }

    @Test
    void aMergedUsersIntentIsHeardByTheSurvivingUsersOwnJourney() {
        String merged = newUserId("intent-merged");
        String surviving = newUserId("intent-surviving");
        client.ingest("/v1/track", Map.of("userId", surviving, "event", "Report Viewed"));
        driver.settle(surviving);
        client.ingest("/v1/page", Map.of("userId", merged, "name", "Pricing", "properties", Map.of("path", "/pricing")));
        driver.settle(merged);
        assertThat(stageOf(surviving)).isEqualTo("NEW");

        client.ingest("/v1/alias", Map.of("previousId", merged, "userId", surviving));
        driver.settle(surviving);

        assertThat(stageOf(surviving)).isEqualTo("HIGH_INTENT");
        assertThat(runningJourneys(merged) + runningJourneys(surviving)).isEqualTo(1);
    }

    /**
     * A merged user whose journey ends leaves no hole in the past: their stage history ends with a move to MERGED
     * (the stage sizes of the days before count them) instead of being deleted.
     */
    @Test
    void theHistoryOfAMergedUserWhoseJourneyEndsIsKept() {
        String merged = newUserId("history-merged");
        String surviving = newUserId("history-surviving");
        client.ingest("/v1/track", Map.of("userId", merged, "event", "Report Viewed"));
        client.ingest("/v1/track", Map.of("userId", surviving, "event", "Report Viewed"));
        settle(merged, surviving);

        client.ingest("/v1/alias", Map.of("previousId", merged, "userId", surviving));
        settle(merged, surviving);

        assertThat(jdbc.queryForList("""
                SELECT CONCAT(COALESCE(from_segment, 'null'), '->', to_segment) FROM segment_transition
                WHERE user_id = ? AND dimension = 'lifecycle' ORDER BY id""", String.class, merged))
                .containsExactly("null->NEW", "NEW->MERGED");
        assertThat(transitionsOf(surviving)).containsExactly("null->NEW");
        assertThat(runningJourneys(merged) + runningJourneys(surviving)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM segment_membership WHERE user_id = ?", Long.class, merged))
                .as("in no segment of any dimension").isZero();
    }

    @Test
    void theMergedUsersMessagesAreListedUnderTheSurvivingUser() {
        String before = newUserId("messages");
        String after = before + "-new";
        client.ingest("/v1/identify", Map.of("userId", before, "traits", Map.of("email", emailOf(before))));
        driver.settle(before);
        client.ingest("/v1/page", Map.of("userId", before, "name", "Pricing", "properties", Map.of("path", "/pricing")));
        driver.settle(before);
        assertThat(templatesOf(before)).hasSize(2);

        client.ingest("/v1/alias", Map.of("previousId", before, "userId", after));

        assertThat(templatesOf(after)).containsExactlyInAnyOrder("welcome", "upgrade-prompt");
        assertThat(stageOf(after)).isEqualTo("HIGH_INTENT");
    }

    @Test
    void anIntentInTheAliasBatchIsHeardWhenTheMergedUsersJourneyCarriesOn() {
        JourneyUser before = user(newUserId("carry-on"));
        before.signUp();
        assertThat(before.stage()).isEqualTo("NEW");
        String after = before.id() + "-new";

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "page", "userId", before.id(), "name", "Pricing", "properties", Map.of("path", "/pricing")),
                Map.of("type", "alias", "previousId", before.id(), "userId", after))));
        settle(before.id(), after);

        assertThat(stageOf(after)).as("the pricing page is heard").isEqualTo("HIGH_INTENT");
        assertThat(templatesOf(after)).containsExactlyInAnyOrder("welcome", "upgrade-prompt");
    }

    @Test
    void anOrderTheMergedUsersJourneyThankedIsNotThankedAgain() {
        JourneyUser merged = user(newUserId("order-merged"));
        merged.signUp();
        merged.track("Product Added");
        merged.track("Order Completed", Map.of("revenue", 49.9));
        assertThat(merged.messages()).contains("order-thanks:sent");
        JourneyUser surviving = user(newUserId("order-surviving"));
        surviving.signUp();
        surviving.track("Product Added");
        assertThat(surviving.stage()).isEqualTo("HIGH_INTENT");

        client.ingest("/v1/alias", Map.of("previousId", merged.id(), "userId", surviving.id()));
        settle(surviving.id());

        List<String> mails = new ArrayList<>(TestMail.subjectsTo(emailOf(merged.id())));
        mails.addAll(TestMail.subjectsTo(emailOf(surviving.id())));
        assertThat(mails.stream().filter(subject -> subject.startsWith("Thank you for your order")))
                .as("one order, one thank-you; mails: %s, messages: %s", mails, surviving.messages()).hasSize(1);
        assertThat(surviving.stage()).isEqualTo("HIGH_INTENT");
    }

    @Test
    void aVisitorsEarlierPageViewDoesNotReactivateAnInactiveUser() {
        String anonymous = "anon-" + UUID.randomUUID();
        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Home", "timestamp", MONDAY_MORNING.toString()));
        JourneyUser user = user(newUserId("inactive"));
        user.signUp();
        driver.fireTimer(user.id());
        assertThat(user.stage()).isEqualTo("INACTIVE");

        client.ingest("/v1/identify", Map.of("userId", user.id(), "anonymousId", anonymous, "traits", Map.of("plan", "pro")));
        settle(user.id());

        assertThat(transitionsOf(user.id())).last().isEqualTo("NEW->INACTIVE");
        assertThat(TestMail.subjectsTo(emailOf(user.id()))).noneMatch(subject -> subject.startsWith("Welcome back"));
    }

    @Test
    void aVisitorsActiveDaysBeforeSignUpDoNotActivateAtSignUp() {
        String anonymous = "anon-" + UUID.randomUUID();
        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Home",
                "timestamp", MONDAY_MORNING.minus(Duration.ofDays(6)).toString()));
        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Docs",
                "timestamp", MONDAY_MORNING.minus(Duration.ofDays(5)).toString()));
        String user = newUserId("visitor-days");

        client.ingest("/v1/identify", Map.of("userId", user, "anonymousId", anonymous,
                "traits", Map.of("email", emailOf(user), "firstName", "Ada")));
        settle(user);

        assertThat(transitionsOf(user)).containsExactly("null->NEW");
        assertThat(templatesOf(user)).containsExactly("welcome");
    }

    @Test
    void anIdentifyUnderTheOldIdAfterTheAliasInItsBatchBelongsToTheSurvivingUser() {
        String anonymous = "anon-" + UUID.randomUUID();
        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Home"));
        JourneyUser merged = user(newUserId("ghost-merged"));
        merged.signUp();
        JourneyUser surviving = user(newUserId("ghost-surviving"));
        surviving.signUp();

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "alias", "previousId", merged.id(), "userId", surviving.id()),
                Map.of("type", "identify", "userId", merged.id(), "anonymousId", anonymous, "traits", Map.of()))));
        settle(merged.id(), surviving.id());

        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .variableValueEquals(JourneyProcess.Variables.USER_ID, merged.id()).count())
                .as("journeys of the merged user").isZero();
        assertThat(client.get("/api/users/" + merged.id()).status()).as("the merged user has no profile").isEqualTo(404);
        assertThat(client.getJson("/api/users/" + surviving.id()).path("profile").path("pageViews").asInt())
                .as("the visitor's page view belongs to the surviving user").isEqualTo(1);
    }

    @Test
    void aVisitorIdentifiedAndMergedAwayInOneBatchLeavesNoJourneyBehind() {
        String anonymous = "anon-" + UUID.randomUUID();
        String merged = newUserId("batch-merged");
        String surviving = newUserId("batch-surviving");

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "page", "anonymousId", anonymous, "name", "Pricing", "properties", Map.of("path", "/pricing")),
                Map.of("type", "identify", "userId", merged, "anonymousId", anonymous,
                        "traits", Map.of("email", emailOf(surviving))),
                Map.of("type", "alias", "previousId", merged, "userId", surviving))));
        settle(merged, surviving);

        assertThat(runningJourneys(merged)).as("journeys of the merged user").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM segment_membership WHERE user_id = ?", Long.class, merged))
                .as("segments of the merged user").isZero();
        assertThat(runningJourneys(surviving)).isEqualTo(1);
        assertThat(stageOf(surviving)).isEqualTo("HIGH_INTENT");
        assertThat(templatesOf(surviving)).containsExactlyInAnyOrder("welcome", "upgrade-prompt");
    }

    @Test
    void aliasOfAUserWhoseJourneyAnOperatorDeletedIsTaken() {
        JourneyUser merged = user(newUserId("deleted-journey"));
        merged.signUp();
        engine.getRuntimeService().deleteProcessInstance(driver.journey(merged.id()).getId(), "deleted in Cockpit");
        String surviving = newUserId("after-deleted");

        assertThat(client.post("/v1/alias", Map.of("previousId", merged.id(), "userId", surviving)).status()).isEqualTo(200);
        assertThat(client.getJson("/api/users/" + surviving).path("email").asText()).isEqualTo(emailOf(merged.id()));
    }

    /**
     * The surviving user's journey was archived and the merged user's runs: the running one carries on as the
     * surviving user's, who moves from their archived stage to its stage by way of MERGED (no reactivation, no second
     * start), and the merged user's history ends with a move to MERGED.
     */
    @Test
    void theMergedUsersRunningJourneyCarriesOnWhenTheSurvivingUsersJourneyWasArchived() {
        JourneyUser surviving = archived(newUserId("archived-surviving"));
        JourneyUser merged = user(newUserId("running-merged"));
        merged.signUp();
        String journey = driver.journey(merged.id()).getId();
        int mails = TestMail.subjectsTo(emailOf(surviving.id())).size();

        client.ingest("/v1/alias", Map.of("previousId", merged.id(), "userId", surviving.id()));
        settle(merged.id(), surviving.id());

        assertThat(journeysOf(surviving.id())).containsExactly(journey);
        assertThat(journeysOf(merged.id())).isEmpty();
        assertThat(jdbc.queryForList("SELECT user_id FROM journey WHERE process_instance_id = ?", String.class, journey))
                .containsExactly(surviving.id());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journey WHERE user_id = ?", Long.class, merged.id())).isZero();
        assertThat(surviving.stage()).isEqualTo("NEW");
        assertThat(transitionsOf(surviving.id())).endsWith("INACTIVE->CHURNED", "CHURNED->MERGED", "MERGED->NEW");
        assertThat(lifecycleHistoryOf(merged.id())).containsExactly("null->NEW", "NEW->MERGED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM segment_membership WHERE user_id = ?", Long.class, merged.id()))
                .isZero();
        assertThat(TestMail.subjectsTo(emailOf(surviving.id()))).as("no welcome back").hasSize(mails);

        surviving.track("Report Viewed");
        assertThat(journeysOf(surviving.id())).as("the same journey hears the next event").containsExactly(journey);
    }

    @Test
    void anArchivedMergedUserLeavesTheSurvivingUsersRunningJourneyAlone() {
        JourneyUser merged = archived(newUserId("archived-merged"));
        JourneyUser surviving = user(newUserId("running-surviving"));
        surviving.signUp();
        String journey = driver.journey(surviving.id()).getId();

        client.ingest("/v1/alias", Map.of("previousId", merged.id(), "userId", surviving.id()));
        settle(merged.id(), surviving.id());

        assertThat(journeysOf(surviving.id())).containsExactly(journey);
        assertThat(surviving.stage()).isEqualTo("NEW");
        assertThat(transitionsOf(surviving.id())).containsExactly("null->NEW");
        assertThat(lifecycleHistoryOf(merged.id())).endsWith("INACTIVE->CHURNED", "CHURNED->MERGED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journey WHERE user_id = ?", Long.class, merged.id())).isZero();
    }

    @Test
    void whenBothJourneysWereArchivedTheSurvivingUsersReturnReactivatesThemOnce() {
        JourneyUser merged = archived(newUserId("both-archived-merged"));
        JourneyUser surviving = archived(newUserId("both-archived-surviving"));

        client.ingest("/v1/alias", Map.of("previousId", merged.id(), "userId", surviving.id()));
        settle(merged.id(), surviving.id());

        assertThat(lifecycleHistoryOf(merged.id())).endsWith("INACTIVE->CHURNED", "CHURNED->MERGED");
        assertThat(surviving.stage()).isEqualTo("CHURNED");
        surviving.track("Report Viewed");
        assertThat(journeysOf(surviving.id())).hasSize(1);
        assertThat(transitionsOf(surviving.id())).endsWith("INACTIVE->CHURNED", "CHURNED->ACTIVE");
    }

    /** Activated, churned, and archived: a journey row without a running journey. */
    private JourneyUser archived(String id) {
        JourneyUser user = user(id);
        user.activate();
        for (int timer = 0; timer < 4; timer++) {
            driver.fireTimer(id);
        }
        assertThat(user.stage()).isEqualTo("CHURNED");
        assertThat(journeysOf(id)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM journey WHERE user_id = ? AND process_instance_id IS NULL",
                Long.class, id)).isEqualTo(1);
        return user;
    }

    /** The running journeys whose user is the given one (a carried-on journey keeps its first business key). */
    private List<String> journeysOf(String userId) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .variableValueEquals(JourneyProcess.Variables.USER_ID, userId).list().stream()
                .map(instance -> instance.getId()).toList();
    }

    private List<String> lifecycleHistoryOf(String userId) {
        return jdbc.queryForList("""
                SELECT CONCAT(COALESCE(from_segment, 'null'), '->', to_segment) FROM segment_transition
                WHERE user_id = ? AND dimension = 'lifecycle' ORDER BY id""", String.class, userId);
    }

    private JourneyUser user(String id) {
        return new JourneyUser(id, client, driver);
    }

    /** Journeys keep their first business key after an alias: settles by every id involved, twice. */
    private void settle(String... ids) {
        for (int round = 0; round < 2; round++) {
            for (String id : ids) {
                driver.settle(id);
            }
        }
    }

    private List<String> transitionsOf(String user) {
        List<String> lines = new ArrayList<>();
        for (JsonNode t : client.getJson("/api/users/" + user + "/transitions")) {
            lines.add(t.path("from").asText("null") + "->" + t.path("to").asText());
        }
        return lines;
    }

    private String stageOf(String user) {
        return client.getJson("/api/users/" + user).path("stage").asText();
    }

    private List<String> templatesOf(String user) {
        return client.getJson("/api/users/" + user + "/messages").findValuesAsText("template");
    }

    private long runningJourneys(String businessKey) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .processInstanceBusinessKey(businessKey).count();
    }
}
