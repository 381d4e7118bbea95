package io.lifecycleengine.dimension;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.support.IntegrationTest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Behind a load balancer the re-evaluation's start and its progress reach any node: a second node shows the run
 * the first one runs, and does not start another beside it.
 */
class ReEvaluationAcrossNodesTest extends IntegrationTest {

    @Autowired
    private SegmentReEvaluation nodeA;
    @Autowired
    private ProfileService profiles;
    @Autowired
    private DimensionService dimensions;
    @Autowired
    private Decisions decisions;
    @Autowired
    private ReEvaluationProgressStore store;
    @Autowired
    private TransactionTemplate transaction;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private Clock clock;

    @Test
    void aSecondNodeShowsTheRunOfTheFirstAndStartsNoOtherBesideIt() throws Exception {
        client.ingest("/v1/track", Map.of("userId", newUserId("re-evaluation-nodes"), "event", "Report Viewed"));
        SegmentReEvaluation nodeB = new SegmentReEvaluation(profiles, dimensions, decisions, store, transaction, clock);

        // the first page of the run waits for these locks, so that it is still running while node b is asked
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            jdbc.queryForList("SELECT user_id FROM segment_membership FOR UPDATE");
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
        SegmentReEvaluation.Progress started;
        try {
            started = nodeA.start();
            assertThat(started.state()).isEqualTo("running");

            assertThat(nodeB.progress()).as("node b asked for the progress").isEqualTo(nodeA.progress());
            SegmentReEvaluation.Progress second = nodeB.start();
            assertThat(second.state()).isEqualTo("running");
            assertThat(second.startedAt()).as("node b asked to start: the run of node a").isEqualTo(started.startedAt());
        } finally {
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (nodeA.progress().state().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        SegmentReEvaluation.Progress finished = nodeB.progress();
        assertThat(finished.state()).as(finished.toString()).isEqualTo("done");
        assertThat(finished.startedAt()).isEqualTo(started.startedAt());
        assertThat(finished.done()).isEqualTo(finished.users()).isPositive();
    }

    @Test
    void aRunWhoseNodeStoppedShowsAsFailedAndAnotherNodeMayStartAgain() throws Exception {
        client.ingest("/v1/track", Map.of("userId", newUserId("re-evaluation-nodes"), "event", "Report Viewed"));
        Instant longAgo = clock.instant().minus(SegmentReEvaluation.STALLED_AFTER).minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        // a node took the run and died before its first page
        assertThat(store.claim(new SegmentReEvaluation.Progress("running", 1, 0, 0, longAgo, null, null), longAgo)).isTrue();

        SegmentReEvaluation.Progress stalled = nodeA.progress();
        assertThat(stalled.state()).isEqualTo("failed");
        assertThat(stalled.error()).contains("the node running it stopped");

        SegmentReEvaluation.Progress restarted = nodeA.start();
        assertThat(restarted.state()).isEqualTo("running");
        assertThat(restarted.startedAt()).isAfter(longAgo);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (nodeA.progress().state().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(nodeA.progress().state()).isEqualTo("done");
    }
}
