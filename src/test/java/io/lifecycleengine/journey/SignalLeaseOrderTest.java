package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * With several nodes, two signals of one user can be taken at once: each node's retry round (or the node that
 * recorded a signal) leases one of them. The journey still hears them in their order: a later signal waits while an
 * earlier one is leased elsewhere.
 */
@TestPropertySource(properties = "lifecycle.journey.signal-dispatch-threads=0")
class SignalLeaseOrderTest extends JourneyTest {

    @Autowired
    private PendingSignals pending;
    @Autowired
    private JdbcTemplate jdbc;

    private String user;

    @BeforeEach
    void newUser() {
        setClock(Instant.parse("2026-03-02T09:00:00Z"));
        user = newUserId("lease-order");
    }

    @Test
    void aLaterSignalWaitsWhileAnotherNodeHoldsTheLeaseOfAnEarlierOne() {
        JourneyUser ada = new JourneyUser(user, client, driver);
        ada.signUp();
        ada.track("Report Viewed");
        assertThat(ada.stage()).isEqualTo("NEW");

        driver.advance(Duration.ofDays(2));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Report Viewed"));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Pricing Page Viewed"));
        List<Long> waiting = jdbc.queryForList("SELECT id FROM journey_signal WHERE user_id = ? ORDER BY id", Long.class, user);
        assertThat(waiting).as("the new active day, then the intent").hasSize(2);

        // node a takes the new active day and is still on its way to the journey
        PendingSignal activeDay = pending.find(waiting.get(0)).orElseThrow();
        assertThat(pending.lease(activeDay, now().plusSeconds(30))).isTrue();
        // node b's retry round meanwhile takes what is due: the intent
        signals.retryDue();
        assertThat(ada.stage()).as("the intent waits for the new active day").isEqualTo("NEW");

        // node a died: its lease runs out and the signals are heard in their order
        driver.advance(Duration.ofSeconds(31));
        driver.settle(user);

        assertThat(ada.stage()).isEqualTo("HIGH_INTENT");
        assertThat(ada.messages()).containsExactly("welcome:sent", "feature-guide:sent", "upgrade-prompt:sent");
    }
}
