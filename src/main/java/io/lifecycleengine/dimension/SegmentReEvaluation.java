package io.lifecycleengine.dimension;

import io.lifecycleengine.journey.Decisions;
import io.lifecycleengine.profile.ProfileService;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-decides every user's segments now, page by page, after an analyst changed a dimension table: without
 * it a changed threshold applies to each user at their next event. One run at a time per node.
 */
@Service
public class SegmentReEvaluation {

    private static final Logger log = LoggerFactory.getLogger(SegmentReEvaluation.class);
    private static final int PAGE = 500;

    private final ProfileService profiles;
    private final DimensionService dimensions;
    private final Decisions decisions;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segment-re-evaluation");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Progress progress = new Progress("idle", 0, 0, 0, null, null, null);

    SegmentReEvaluation(ProfileService profiles, DimensionService dimensions, Decisions decisions,
                        TransactionTemplate transaction, Clock clock) {
        this.profiles = profiles;
        this.dimensions = dimensions;
        this.decisions = decisions;
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

    /** Starts a run unless one is running; either way answers the run's progress. */
    public synchronized Progress start() {
        if (!progress.state().equals("running")) {
            progress = new Progress("running", profiles.count(), 0, 0, clock.instant(), null, null);
            worker.execute(this::run);
        }
        return progress;
    }

    public Progress progress() {
        return progress;
    }

    private void run() {
        decisions.refreshVersions();
        String after = null;
        long done = 0;
        long changes = 0;
        try {
            List<String> page;
            while (!(page = profiles.userIdsAfter(after, PAGE)).isEmpty()) {
                List<String> users = page;
                Integer changed = transaction.execute(status -> dimensions.refreshAll(users));
                changes += changed == null ? 0 : changed;
                done += page.size();
                after = page.get(page.size() - 1);
                progress = new Progress("running", Math.max(progress.users(), done), done, changes, progress.startedAt(), null, null);
            }
            progress = new Progress("done", done, done, changes, progress.startedAt(), clock.instant(), null);
            log.info("Re-evaluated the segments of {} users: {} changes", done, changes);
        } catch (RuntimeException | Error e) {
            progress = new Progress("failed", progress.users(), done, changes, progress.startedAt(), clock.instant(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
            log.error("Segment re-evaluation failed after {} users", done, e);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
