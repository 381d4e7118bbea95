package io.lifecycleengine.dimension;

import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.profile.ProfileService;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-decides every user's segments now, page by page, after an analyst changed a dimension table: without
 * it a changed threshold applies to each user at their next event. One run at a time in the cluster: its progress
 * is in the database, so any node answers it, and a node asked to start while another runs only answers it.
 */
@Service
public class SegmentReEvaluation {

    private static final Logger log = LoggerFactory.getLogger(SegmentReEvaluation.class);
    private static final int PAGE = 500;
    /** A run that recorded no page for this long lost its node: it shows as failed, and may be started again. */
    static final Duration STALLED_AFTER = Duration.ofMinutes(5);

    private final ProfileService profiles;
    private final DimensionService dimensions;
    private final Decisions decisions;
    private final ReEvaluationProgressStore store;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segment-re-evaluation");
        thread.setDaemon(true);
        return thread;
    });

    SegmentReEvaluation(ProfileService profiles, DimensionService dimensions, Decisions decisions,
                        ReEvaluationProgressStore store, TransactionTemplate transaction, Clock clock) {
        this.profiles = profiles;
        this.dimensions = dimensions;
        this.decisions = decisions;
        this.store = store;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * @param state idle, running, done or failed
     * @param changes segment changes recorded so far, each with the deciding rule's reason
     */
    public record Progress(String state, long users, long done, long changes, Instant startedAt, Instant finishedAt,
                           String error) {
    }

    /** Starts a run unless one is running on any node; either way answers the run's progress. */
    public Progress start() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Progress starting = new Progress("running", profiles.count(), 0, 0, now, null, null);
        if (store.claim(starting, now.minus(STALLED_AFTER))) {
            worker.execute(() -> run(starting));
        }
        return progress();
    }

    public Progress progress() {
        ReEvaluationProgressStore.Stored stored = store.read();
        Progress progress = stored.progress();
        if (progress.state().equals("running") && stored.updatedAt().isBefore(clock.instant().minus(STALLED_AFTER))) {
            return new Progress("failed", progress.users(), progress.done(), progress.changes(), progress.startedAt(), null,
                    "no progress since " + stored.updatedAt() + ": the node running it stopped");
        }
        return progress;
    }

    private void run(Progress started) {
        decisions.refreshVersions();
        String after = null;
        long done = 0;
        long changes = 0;
        try {
            List<String> page;
            while (!(page = profiles.userIdsAfter(after, PAGE)).isEmpty()) {
                List<String> users = page;
                Integer changed = transaction.execute(status -> dimensions.refreshAllOrFail(users));
                changes += changed == null ? 0 : changed;
                done += page.size();
                after = page.get(page.size() - 1);
                store.save(new Progress("running", Math.max(started.users(), done), done, changes, started.startedAt(), null,
                        null), clock.instant());
            }
            store.save(new Progress("done", done, done, changes, started.startedAt(), clock.instant(), null), clock.instant());
            log.info("Re-evaluated the segments of {} users: {} changes", done, changes);
        } catch (RuntimeException | Error e) {
            log.error("Segment re-evaluation failed after {} users", done, e);
            store.save(new Progress("failed", started.users(), done, changes, started.startedAt(), clock.instant(),
                    e.getClass().getSimpleName() + ": " + e.getMessage()), clock.instant());
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
