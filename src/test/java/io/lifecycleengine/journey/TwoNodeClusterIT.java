package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.AppProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Two application processes on one MySQL database, the same users' events arriving on both at once;
 * then one node is killed with work in flight and the other finishes it: every user has one journey,
 * every transition once, every email once. Runs with the mysql profile (the second pass of .ci/run): an
 * embedded H2 file lives inside one of the processes and dies with it.
 */
class TwoNodeClusterIT {

    private static final int USERS = 30;

    private final String run = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void concurrentEventsOnTwoNodesThenOneKilledLeaveOneJourneyOneTransitionAndOneEmailEach() throws Exception {
        assumeTrue("mysql".equals(System.getenv("SPRING_PROFILES_ACTIVE")),
                "needs a database two processes share: run with the mysql profile");
        Map<String, String> node = Map.of(
                "LIFECYCLE_JOURNEY_MIGRATION_AUTO", "false",
                "LIFECYCLE_JOURNEY_ONBOARDING_WINDOW", "PT20S",
                "LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_FROM", "00:00",
                "LIFECYCLE_MESSAGING_QUIET_HOURS_SEND_UNTIL", "00:00",
                // what a cluster tunes so that a dead node's work is taken over soon (README, "Scaling out")
                "CAMUNDA_BPM_JOB_EXECUTION_LOCK_TIME_IN_MILLIS", "15000",
                "LIFECYCLE_MESSAGING_SEND_LEASE", "PT20S",
                // an idle node looks for jobs every 2 s at most, and a send the dead node's lease held is tried every 10 s
                "CAMUNDA_BPM_JOB_EXECUTION_MAX_WAIT", "2000",
                "LIFECYCLE_JOURNEY_SEND_RETRY_CYCLE", "PT10S,PT10S,PT10S,PT10S,PT10S");
        // one after the other (the database is not empty here; SimultaneousStartIT starts two nodes at once on an empty one)
        AppProcess a = start("a", node);
        try (AppProcess b = start("b", node)) {
            ExecutorService clients = Executors.newFixedThreadPool(6);
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String user = run + "-" + i;
                calls.add(CompletableFuture.runAsync(() -> accepted(a, "/v1/identify", "{\"userId\":\"" + user
                        + "\",\"traits\":{\"email\":\"" + user + "@example.com\",\"firstName\":\"Ada\"}}"), clients));
                calls.add(CompletableFuture.runAsync(() -> accepted(b, "/v1/track",
                        "{\"userId\":\"" + user + "\",\"event\":\"Report Viewed\"}"), clients));
                calls.add(CompletableFuture.runAsync(() -> accepted(a, "/v1/page",
                        "{\"userId\":\"" + user + "\",\"name\":\"Home\"}"), clients));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            clients.shutdown();
            a.kill();

            List<String> unfinished = awaitEveryUserDone(b);
            assertThat(unfinished).as("users whose journey node b did not finish").isEmpty();
            for (int i = 0; i < USERS; i++) {
                String user = run + "-" + i;
                assertThat(b.getJson("/engine-rest/process-instance/count?processDefinitionKey=user-lifecycle&businessKey=" + user)
                        .path("count").asLong()).as("journeys of %s", user).isEqualTo(1);
                assertThat(transitions(b, user)).as(user).containsExactly("null->NEW", "NEW->INACTIVE");
                JsonNode messages = b.getJson("/api/users/" + user + "/messages");
                assertThat(messages).hasSize(2);
                for (JsonNode message : messages) {
                    long sends = 0;
                    for (JsonNode step : message.path("history")) {
                        sends += step.path("status").asText().equals("sent") ? 1 : 0;
                    }
                    boolean welcomeBeforeEmail = message.path("template").asText().equals("welcome")
                            && message.path("reason").asText().equals("no-email");
                    assertThat(sends).as("%s of %s sent", message.path("template").asText(), user)
                            .isEqualTo(welcomeBeforeEmail ? 0 : 1);
                }
            }
        } finally {
            a.close();
        }
    }

    /**
     * Waits until every user went INACTIVE on the onboarding timer and both messages are final. The welcome
     * may be skipped for want of an address: the first event can start the journey on one node before the
     * identify with the email is stored on the other.
     */
    private List<String> awaitEveryUserDone(AppProcess b) throws Exception {
        long deadline = System.nanoTime() + 150_000_000_000L;
        List<String> unfinished = new ArrayList<>();
        do {
            unfinished.clear();
            for (int i = 0; i < USERS; i++) {
                String user = run + "-" + i;
                JsonNode view = b.getJson("/api/users/" + user);
                JsonNode messages = b.getJson("/api/users/" + user + "/messages");
                boolean done = view != null && view.path("stage").asText().equals("INACTIVE") && messages != null
                        && messages.size() == 2 && isFinal(messages.get(0)) && isFinal(messages.get(1));
                if (!done) {
                    unfinished.add(user);
                }
            }
            if (unfinished.isEmpty()) {
                return unfinished;
            }
            Thread.sleep(2_000);
        } while (System.nanoTime() < deadline);
        return unfinished;
    }

    private static boolean isFinal(JsonNode message) {
        String status = message.path("status").asText();
        return status.equals("sent") || status.equals("skipped") && message.path("reason").asText().equals("no-email");
    }

    private static List<String> transitions(AppProcess node, String user) throws Exception {
        List<String> moves = new ArrayList<>();
        for (JsonNode t : node.getJson("/api/users/" + user + "/transitions")) {
            moves.add(t.path("from").asText("null") + "->" + t.path("to").asText());
        }
        return moves;
    }

    private static void accepted(AppProcess node, String path, String body) {
        try {
            int status = node.post(path, body, AppProcess.writeKeyAuthorization()).statusCode();
            assertThat(status).as("%s on node %s", path, node.name()).isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private AppProcess start(String name, Map<String, String> environment) {
        try {
            return AppProcess.start(run + "-" + name, AppProcess.freePort(), environment);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
