package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user's events that follow each other faster than their journey moves (in one batch, or while the journey is
 * busy) reach it in their order: an event that matters only in the stage an earlier one leads to is heard there.
 * An event that arrives late, dated before the user went quiet, moves nobody.
 */
class SignalOrderTest extends JourneyTest {

    private static final Instant MONDAY_MORNING = Instant.parse("2026-03-02T09:00:00Z");

    private String user;

    @BeforeEach
    void newUser() {
        setClock(MONDAY_MORNING);
        user = newUserId("signal-order");
    }

    @Test
    void anOrderInTheSameBatchAsTheIntentConvertsTheUser() {
        JourneyUser ada = new JourneyUser(user, client, driver);
        ada.activate();

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "track", "userId", user, "event", "Checkout Started"),
                Map.of("type", "track", "userId", user, "event", "Order Completed", "properties", Map.of("revenue", 30)))));
        driver.settle(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive").hasPassed("Task_MoveToActiveConverted");
        assertThat(ada.stage()).isEqualTo("ACTIVE");
        assertThat(ada.messages()).endsWith("upgrade-prompt:sent", "order-thanks:sent");
    }

    @Test
    void anOrderWhileTheJourneyIsStillBusyWithTheIntentBeforeItConvertsTheUser() {
        JourneyUser ada = new JourneyUser(user, client, driver);
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user), "firstName", "Ada")));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Checkout Started"));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Order Completed", "properties", Map.of("revenue", 30)));
        assertThat(ada.stage()).as("the journey is still sending the welcome").isEqualTo("NEW");

        driver.settle(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitActive").hasPassed("Task_MoveToActiveConverted");
        assertThat(ada.messages()).containsExactly("welcome:sent", "upgrade-prompt:sent", "order-thanks:sent");
    }

    @Test
    void anIntentInTheSameBatchAsTheReturnIsHeardOnceTheUserIsReactivated() {
        JourneyUser ada = new JourneyUser(user, client, driver);
        ada.activate();
        driver.fireTimer(user);
        assertThat(ada.stage()).isEqualTo("INACTIVE");

        client.ingest("/v1/batch", Map.of("batch", List.of(
                Map.of("type", "track", "userId", user, "event", "Report Viewed"),
                Map.of("type", "track", "userId", user, "event", "Pricing Page Viewed"))));
        driver.settle(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitHighIntent").hasPassed("Task_MoveToActiveReactivated");
        assertThat(ada.messages()).endsWith("welcome-back:sent", "upgrade-prompt:sent");
    }

    @Test
    void anEventFromBeforeTheUserWentInactiveThatArrivesLateDoesNotReactivateThem() {
        JourneyUser ada = new JourneyUser(user, client, driver);
        ada.activate();
        driver.fireTimer(user);
        assertThat(ada.stage()).isEqualTo("INACTIVE");

        client.ingest("/v1/track", Map.of("userId", user, "event", "Report Viewed",
                "timestamp", MONDAY_MORNING.plus(Duration.ofDays(1)).toString()));
        driver.settle(user);

        assertThat(driver.journey(user)).isWaitingAt("Gateway_WaitInactive");
        assertThat(ada.stage()).isEqualTo("INACTIVE");
        assertThat(ada.messages()).last().isEqualTo("re-engagement:sent");
    }
}
