package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** identify and alias tie anonymous and merged ids to one user, one profile and one journey. */
class IdentityResolutionTest extends IntegrationTest {

    @Test
    void anAnonymousVisitorsHistoryJoinsTheUserOnIdentify() {
        String anonymous = "anon-" + UUID.randomUUID();
        String user = newUserId("identified");
        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Home"));
        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Pricing", "properties", Map.of("path", "/pricing")));
        assertThat(client.get("/api/users/" + anonymous).status()).as("visitors have no profile").isEqualTo(404);

        client.ingest("/v1/identify", Map.of("userId", user, "anonymousId", anonymous, "traits", Map.of("email", emailOf(user))));
        client.ingest("/v1/track", Map.of("anonymousId", anonymous, "event", "Report Viewed"));

        var profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(profile.path("events").asLong()).isEqualTo(4);
        assertThat(profile.path("pageViews").asLong()).isEqualTo(2);
        assertThat(profile.path("pricingPageViews").asInt()).isEqualTo(1);
        assertThat(runningJourneys(user)).isEqualTo(1);
        assertThat(runningJourneys(anonymous)).isZero();
    }

    @Test
    void aVisitorIdentifiedUnderTheirOwnAnonymousIdKeepsTheirHistory() {
        String visitor = newUserId("same-id");
        client.ingest("/v1/page", Map.of("anonymousId", visitor, "name", "Pricing", "properties", Map.of("path", "/pricing")));

        client.ingest("/v1/identify", Map.of("userId", visitor, "anonymousId", visitor, "traits", Map.of("email", emailOf(visitor))));
        client.ingest("/v1/alias", Map.of("previousId", visitor, "userId", visitor));

        var profile = client.getJson("/api/users/" + visitor).path("profile");
        assertThat(profile.path("pricingPageViews").asInt()).as("the visitor's page view").isEqualTo(1);
        assertThat(profile.path("events").asLong()).as("page, identify, alias").isEqualTo(3);
    }

    @Test
    void anAnonymousIdStaysWithTheFirstUserItWasTiedTo() {
        String anonymous = "anon-" + UUID.randomUUID();
        String first = newUserId("first-tie");
        String second = newUserId("second-tie");
        client.ingest("/v1/identify", Map.of("userId", first, "anonymousId", anonymous));
        client.ingest("/v1/identify", Map.of("userId", second, "anonymousId", anonymous));

        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Home"));

        assertThat(client.getJson("/api/users/" + first).path("profile").path("pageViews").asInt()).isEqualTo(1);
        assertThat(client.getJson("/api/users/" + second).path("profile").path("events").asLong()).as("its identify")
                .isEqualTo(1);
    }

    @Test
    void aliasMergesAnAnonymousHistoryOnce() {
        String anonymous = "anon-" + UUID.randomUUID();
        String user = newUserId("aliased");
        client.ingest("/v1/track", Map.of("anonymousId", anonymous, "event", "Product Added"));

        client.ingest("/v1/alias", Map.of("previousId", anonymous, "userId", user));
        client.ingest("/v1/alias", Map.of("previousId", anonymous, "userId", user));

        var profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(profile.path("cartAdds").asInt()).isEqualTo(1);
        assertThat(profile.path("events").asLong()).isEqualTo(3);
    }

    @Test
    void aliasOfAKnownUserMergesTheHistoryAndKeepsOneJourney() {
        String before = newUserId("before");
        String after = newUserId("after");
        client.ingest("/v1/identify", Map.of("userId", before, "traits", Map.of("email", emailOf(before))));
        client.ingest("/v1/track", Map.of("userId", before, "event", "Order Completed", "properties", Map.of("revenue", 30)));
        ProcessInstance journey = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey("user-lifecycle").processInstanceBusinessKey(before).singleResult();

        client.ingest("/v1/alias", Map.of("previousId", before, "userId", after));

        var gone = client.get("/api/users/" + before);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().path("message").asText()).as("the 404 says where the merged user lives on")
                .isEqualTo("No user with id " + before + ": its events belong to user " + after
                        + " (merged by alias or identify), see /api/users/" + after);
        var merged = client.getJson("/api/users/" + after);
        assertThat(merged.path("stage").asText()).isEqualTo("NEW");
        assertThat(merged.path("email").asText()).isEqualTo(emailOf(before));
        assertThat(merged.path("profile").path("purchases").asInt()).isEqualTo(1);
        assertThat(merged.path("profile").path("events").asLong()).isEqualTo(3);
        assertThat(engine.getRuntimeService().getVariable(journey.getId(), "userId")).isEqualTo(after);
        assertThat(runningJourneys(before) + runningJourneys(after)).isEqualTo(1);

        client.ingest("/v1/track", Map.of("userId", before, "event", "Report Viewed"));
        assertThat(client.getJson("/api/users/" + after).path("profile").path("events").asLong())
                .as("later events under the old id belong to the new one").isEqualTo(4);

        ProcessInstance welcome = engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(journey.getId()).singleResult();
        engine.getManagementService().createJobQuery().processInstanceId(welcome.getId()).list()
                .forEach(job -> engine.getManagementService().executeJob(job.getId()));
        assertThat(client.getJson("/api/users/" + after + "/messages")).as("the welcome on its way reaches the merged user")
                .singleElement().satisfies(message -> assertThat(message.path("status").asText()).isEqualTo("sent"));
    }

    @Test
    void aliasKeepsTheNewestTraitsOfBothUsers() {
        Instant now = Instant.now();
        String before = newUserId("before");
        String after = newUserId("after");
        client.ingest("/v1/identify", Map.of("userId", before, "timestamp", now.minusSeconds(3_600).toString(),
                "traits", Map.of("email", "old-" + emailOf(before), "plan", "free", "company", "Initech")));
        client.ingest("/v1/identify", Map.of("userId", after, "timestamp", now.minusSeconds(60).toString(),
                "traits", Map.of("email", emailOf(after), "plan", "pro")));

        client.ingest("/v1/alias", Map.of("previousId", before, "userId", after));

        var merged = client.getJson("/api/users/" + after);
        assertThat(merged.path("email").asText()).as("the surviving user's newer email").isEqualTo(emailOf(after));
        assertThat(merged.path("traits").path("plan").asText()).isEqualTo("pro");
        assertThat(merged.path("traits").path("company").asText()).as("filled in from the merged user").isEqualTo("Initech");
    }

    @Test
    void aliasTakesTheMergedUsersTraitsWhenTheyAreNewer() {
        Instant now = Instant.now();
        String before = newUserId("before");
        String after = newUserId("after");
        client.ingest("/v1/identify", Map.of("userId", after, "timestamp", now.minusSeconds(3_600).toString(),
                "traits", Map.of("email", "old-" + emailOf(after), "plan", "free")));
        client.ingest("/v1/identify", Map.of("userId", before, "timestamp", now.minusSeconds(60).toString(),
                "traits", Map.of("email", emailOf(before), "plan", "pro")));

        client.ingest("/v1/alias", Map.of("previousId", before, "userId", after));

        var merged = client.getJson("/api/users/" + after);
        assertThat(merged.path("email").asText()).isEqualTo(emailOf(before));
        assertThat(merged.path("traits").path("plan").asText()).isEqualTo("pro");
    }

    @Test
    void aliasOfTwoKnownUsersEndsTheMergedUsersJourney() {
        String first = newUserId("first");
        String second = newUserId("second");
        client.ingest("/v1/track", Map.of("userId", first, "event", "Report Viewed"));
        client.ingest("/v1/track", Map.of("userId", second, "event", "Report Viewed"));

        client.ingest("/v1/alias", Map.of("previousId", first, "userId", second));

        assertThat(runningJourneys(first)).isZero();
        assertThat(runningJourneys(second)).isEqualTo(1);
        assertThat(client.getJson("/api/users/" + second).path("profile").path("events").asLong()).isEqualTo(3);
    }

    @Test
    void traitsAnIdentifyGaveUnderContextTraitsSurviveTheMerge() {
        String anonymous = "anon-" + UUID.randomUUID();
        String before = newUserId("before");
        String after = newUserId("after");
        client.ingest("/v1/identify", Map.of("anonymousId", anonymous,
                "context", Map.of("traits", Map.of("company", "Initech"))));
        client.ingest("/v1/identify", Map.of("userId", before,
                "context", Map.of("traits", Map.of("email", emailOf(before), "plan", "pro"))));

        client.ingest("/v1/alias", Map.of("previousId", before, "userId", after));
        client.ingest("/v1/alias", Map.of("previousId", anonymous, "userId", after));

        var merged = client.getJson("/api/users/" + after);
        assertThat(merged.path("email").asText()).isEqualTo(emailOf(before));
        assertThat(merged.path("traits").path("plan").asText()).isEqualTo("pro");
        assertThat(merged.path("traits").path("company").asText()).as("the visitor's").isEqualTo("Initech");
    }

    @Test
    void idsLinkedToAUserAliasedLaterFollowTheChainToTheSurvivor() {
        String anonymous = "anon-" + UUID.randomUUID();
        String first = newUserId("first");
        String second = newUserId("second");
        String third = newUserId("third");
        client.ingest("/v1/identify", Map.of("userId", first, "anonymousId", anonymous));
        client.ingest("/v1/alias", Map.of("previousId", first, "userId", second));
        client.ingest("/v1/alias", Map.of("previousId", second, "userId", third));

        client.ingest("/v1/page", Map.of("anonymousId", anonymous, "name", "Pricing", "properties", Map.of("path", "/pricing")));
        client.ingest("/v1/track", Map.of("userId", first, "event", "Report Viewed"));
        client.ingest("/v1/alias", Map.of("previousId", third, "userId", first));

        assertThat(client.get("/api/users/" + first).status()).isEqualTo(404);
        assertThat(client.get("/api/users/" + second).status()).isEqualTo(404);
        var profile = client.getJson("/api/users/" + third).path("profile");
        assertThat(profile.path("events").asLong()).as("identify, 2 aliases, page, track, the alias back").isEqualTo(6);
        assertThat(profile.path("pricingPageViews").asInt()).isEqualTo(1);
        assertThat(runningJourneys(first) + runningJourneys(second) + runningJourneys(third)).isEqualTo(1);
    }

    @Test
    void aliasRightAfterTheSurvivingUsersFirstEventKeepsOneJourneyWithoutAnError() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Integer>>> pairs = new ArrayList<>();
            List<String[]> users = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String merged = newUserId("dee");
                String surviving = newUserId("eve");
                client.ingest("/v1/track", Map.of("userId", merged, "event", "Report Viewed"));
                users.add(new String[] {merged, surviving});
                long pause = i % 4 * 5L;
                // the surviving user's journey starts on a dispatch thread after its event commits: the alias races it
                pairs.add(callers.submit(() -> {
                    int first = postWithoutWaiting("/v1/identify", "{\"userId\":\"" + surviving + "\"}");
                    Thread.sleep(pause);
                    return List.of(first, postWithoutWaiting("/v1/alias",
                            "{\"previousId\":\"" + merged + "\",\"userId\":\"" + surviving + "\"}"));
                }));
            }
            for (Future<List<Integer>> pair : pairs) {
                assertThat(pair.get(60, TimeUnit.SECONDS)).containsOnly(200);
            }
            // waits for the journeys' starts and signals
            client.ingest("/v1/track", Map.of("userId", newUserId("settle"), "event", "Report Viewed"));
            for (String[] pair : users) {
                assertThat(runningJourneys(pair[0]) + runningJourneys(pair[1])).as("journeys of %s and %s", pair[0], pair[1])
                        .isEqualTo(1);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** Without waiting for the journey signals the call raised, as an SDK posts. */
    private int postWithoutWaiting(String path, String body) {
        return client.send("POST", path, body.getBytes(StandardCharsets.UTF_8), "application/json",
                LifecycleClient.basic(environment.getRequiredProperty("lifecycle.ingest.write-key"), "")).status();
    }

    @Test
    void identitiesResolveInsideOneBatch() {
        String anonymous = "anon-" + UUID.randomUUID();
        String user = newUserId("batched");
        String before = newUserId("renamed");

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "page", "anonymousId", anonymous, "name", "Home"),
                Map.of("type", "identify", "userId", user, "anonymousId", anonymous),
                Map.of("type", "track", "anonymousId", anonymous, "event", "Report Viewed"),
                Map.of("type", "track", "userId", before, "event", "Report Viewed"),
                Map.of("type", "track", "userId", before, "event", "Report Viewed", "messageId", "twice-" + before),
                Map.of("type", "track", "userId", before, "event", "Report Viewed", "messageId", "twice-" + before),
                Map.of("type", "alias", "previousId", before, "userId", user),
                Map.of("type", "track", "userId", before, "event", "Order Completed"))));

        assertThat(client.get("/api/users/" + before).status()).isEqualTo(404);
        assertThat(client.get("/api/users/" + anonymous).status()).isEqualTo(404);
        var profile = client.getJson("/api/users/" + user).path("profile");
        assertThat(profile.path("events").asLong()).as("3 anonymous or identify, 3 of the renamed user, alias, order")
                .isEqualTo(7);
        assertThat(profile.path("purchases").asInt()).isEqualTo(1);
        assertThat(runningJourneys(user) + runningJourneys(before)).isEqualTo(1);
    }

    private long runningJourneys(String businessKey) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("user-lifecycle")
                .processInstanceBusinessKey(businessKey).count();
    }
}
