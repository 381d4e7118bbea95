package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.TestMail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A user posted over HTTP walks through every stage in real time, with the job executor running, the
 * windows set to seconds and the email of each transition (and the re-engagement reminder) arriving over
 * SMTP. Runs under Failsafe in its own JVM: its job executor must not take the jobs the process tests run by hand. The inactivity
 * window leaves room for a slow machine: activation is decided when the journey hears the signal (after
 * its first welcome went out), and by then the activity must not look idle yet; churn comes 25 s after the
 * reminder is due, so that a busy job executor still sends the reminder first.
 */
@DirtiesContext // its job executor would go on taking the shared database's jobs while the next ITs run
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=true",
        "camunda.bpm.job-execution.wait-time-in-millis=200",
        "camunda.bpm.job-execution.max-wait=500",
        "lifecycle.journey.signal-retry.enabled=true",
        "lifecycle.journey.signal-retry.interval=PT0.2S",
        "lifecycle.journey.onboarding-window=PT2M",
        "lifecycle.journey.inactive-after=PT15S",
        "lifecycle.journey.churned-after=PT45S",
        "lifecycle.journey.re-engagement-reminder-after=PT5S",
        "lifecycle.journey.high-intent-window=PT2M",
        "lifecycle.messaging.frequency-cap.max=10",
        "logging.level.org.camunda.bpm.engine.context=warn",
        "logging.level.io.lifecycleengine.journey=debug"})
class LifecycleEndToEndIT extends IntegrationTest {

    private static final Duration STEP = Duration.ofSeconds(60);

    @Autowired
    private SignalInbox signals;

    @Test
    void userWalksThroughEveryStageWithOneEmailPerTransition() {
        String user = newUserId("e2e");
        String email = emailOf(user);

        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", email, "firstName", "Grace")));
        awaitStage(user, "NEW");
        client.ingest("/v1/track", Map.of("userId", user, "event", "Report Viewed",
                "timestamp", Instant.now().minus(Duration.ofDays(1)).toString()));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Report Viewed"));
        awaitStage(user, "ACTIVE");
        client.ingest("/v1/page", Map.of("userId", user, "name", "Pricing", "properties", Map.of("path", "/pricing")));
        awaitStage(user, "HIGH_INTENT");
        client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", 99)));
        awaitTransitions(user, 4);
        awaitStage(user, "INACTIVE");
        awaitStage(user, "CHURNED");
        client.ingest("/v1/track", Map.of("userId", user, "event", "App Opened"));
        awaitStage(user, "ACTIVE");
        awaitJourney(user, "eighth email", () -> TestMail.to(email).size() == 8);

        assertThat(transitions(user)).containsExactly("null->NEW", "NEW->ACTIVE", "ACTIVE->HIGH_INTENT",
                "HIGH_INTENT->ACTIVE", "ACTIVE->INACTIVE", "INACTIVE->CHURNED", "CHURNED->ACTIVE");
        assertThat(TestMail.subjectsTo(email)).containsExactly(
                "Acme: welcome aboard, Grace",
                "Grace, the features that make Acme worth it",
                "Grace, ready to get more out of Acme?",
                "Thank you for your order, Grace",
                "We have missed you at Acme, Grace",
                "Grace, your Acme account is still here",
                "Grace, come back to Acme: here is something for you",
                "Welcome back to Acme, Grace!");
        List<String> messages = new ArrayList<>();
        client.getJson("/api/users/" + user + "/messages")
                .forEach(m -> messages.add(m.path("template").asText() + ":" + m.path("status").asText()));
        assertThat(messages).containsExactly("welcome:sent", "feature-guide:sent", "upgrade-prompt:sent",
                "order-thanks:sent", "re-engagement:sent", "re-engagement-reminder:sent", "win-back:sent", "welcome-back:sent");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY).processInstanceBusinessKey(user).count())
                .isEqualTo(1);
    }

    private void awaitStage(String user, String stage) {
        awaitJourney(user, "stage " + stage,
                () -> stage.equals(client.getJson("/api/users/" + user).path("stage").asText()));
    }

    private void awaitTransitions(String user, int count) {
        awaitJourney(user, count + " transitions", () -> transitions(user).size() >= count);
    }

    /** Waits for the condition; on timeout, fails with what the journey was doing, for the CI log. */
    private void awaitJourney(String user, String what, Callable<Boolean> condition) {
        try {
            await().atMost(STEP).pollInterval(Duration.ofMillis(100)).until(condition);
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError("No " + what + " for " + user + " within " + STEP + "; " + journeyState(user), timeout);
        }
    }

    private String journeyState(String user) {
        StringBuilder state = new StringBuilder("transitions " + transitions(user));
        state.append(", pending signals ").append(signals.pendingFor(user));
        engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(user).list().forEach(journey -> {
            state.append(", journey ").append(journey.getId()).append(" at ")
                    .append(engine.getRuntimeService().getActiveActivityIds(journey.getId()));
            engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).list().forEach(job ->
                    state.append(", job ").append(job.getId()).append(" due ").append(job.getDuedate())
                            .append(" retries ").append(job.getRetries()).append(" exception ").append(job.getExceptionMessage()));
            engine.getRuntimeService().createIncidentQuery().processInstanceId(journey.getId()).list().forEach(incident ->
                    state.append(", incident ").append(incident.getIncidentMessage()));
            state.append(", passed");
            engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(journey.getId())
                    .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list()
                    .forEach(step -> state.append(' ').append(step.getActivityId()));
        });
        state.append(", profile ").append(client.getJson("/api/users/" + user).path("profile"));
        return state.toString();
    }

    private List<String> transitions(String user) {
        List<String> moves = new ArrayList<>();
        for (JsonNode t : client.getJson("/api/users/" + user + "/transitions")) {
            moves.add(t.path("from").asText("null") + "->" + t.path("to").asText());
        }
        return moves;
    }
}
