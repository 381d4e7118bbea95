package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code /actuator/prometheus} carries the lifecycle_* series from the latest snapshot. Spring Boot's
 * tests leave metrics export off unless asked, as here.
 */
@AutoConfigureObservability(tracing = false)
class PrometheusEndpointTest extends IntegrationTest {

    @Autowired
    private AnalyticsSnapshot snapshots;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void lifecycleSeriesFollowTheHistory() {
        String user = newUserId("prometheus");
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Pricing Page Viewed"));
        new HandBuiltHistory(jdbc).message("p", "win-back", "FAILED", "delivery-failed", "2022-01-01T00:00:00Z");
        snapshots.refresh();
        String before = scrape();

        String other = newUserId("prometheus");
        client.ingest("/v1/identify", Map.of("userId", other, "traits", Map.of("email", emailOf(other))));
        snapshots.refresh();
        String after = scrape();

        assertThat(value(after, "lifecycle_segment_members{dimension=\"lifecycle\",segment=\"NEW\"}"))
                .isEqualTo(value(before, "lifecycle_segment_members{dimension=\"lifecycle\",segment=\"NEW\"}") + 1);
        assertThat(value(after, "lifecycle_transitions{from=\"none\",to=\"NEW\"}"))
                .isEqualTo(value(before, "lifecycle_transitions{from=\"none\",to=\"NEW\"}") + 1);
        assertThat(value(after, "lifecycle_ingest_events_total{result=\"stored\"}"))
                .isEqualTo(value(before, "lifecycle_ingest_events_total{result=\"stored\"}") + 1);
        assertThat(value(after, "lifecycle_segment_members{dimension=\"intent\",segment=\"pricing-page-visitor\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "lifecycle_messages{kind=\"win-back\",status=\"FAILED\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "lifecycle_journeys_running")).isEqualTo(value(before, "lifecycle_journeys_running") + 1);
        assertThat(after).contains("lifecycle_incidents ");
    }

    /** A segment that empties reads 0: a series that vanished would keep its last count in graphs and alerts. */
    @Test
    void anEmptiedSegmentReadsZero() {
        HandBuiltHistory history = new HandBuiltHistory(jdbc).membership("alone", "test-prometheus", "lonely");
        String series = "lifecycle_segment_members{dimension=\"test-prometheus\",segment=\"lonely\"}";
        snapshots.refresh();
        assertThat(value(scrape(), series)).isEqualTo(1);

        jdbc.update("DELETE FROM segment_membership WHERE user_id = ?", history.user("alone"));
        snapshots.refresh();

        assertThat(value(scrape(), series)).isZero();
    }

    /**
     * A transaction that took a lower id commits after a higher id was read (job threads commit in any order): its
     * transition is counted at the next refresh, not lost behind the highest id read.
     */
    @Test
    void aTransitionCommittedAfterAHigherOneIsCounted() throws Exception {
        String from = newUserId("late-commit");
        snapshots.refresh();
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Thread slow = new Thread(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            insertTransition(from, "FIRST");
            inserted.countDown();
            try {
                commit.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "slow-transaction");
        slow.start();
        assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
        insertTransition(from, "SECOND");
        snapshots.refresh();
        commit.countDown();
        slow.join(30_000);

        Snapshot after = snapshots.refresh();

        assertThat(after.lifecycleTransitions()).contains(new Snapshot.Count(from, "FIRST", 1), new Snapshot.Count(from, "SECOND", 1));
    }

    private void insertTransition(String from, String to) {
        jdbc.update("""
                INSERT INTO segment_transition (user_id, dimension, from_segment, to_segment, occurred_at, reason)
                VALUES (?, 'lifecycle', ?, ?, ?, 'test')""", from, from, to, Timestamp.from(Instant.parse("2001-01-01T00:00:00Z")));
    }

    private String scrape() {
        var answer = client.get("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        return answer.raw().body();
    }

    private static double value(String scrape, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(line.find()).as("%s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
