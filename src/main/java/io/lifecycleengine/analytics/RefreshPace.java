package io.lifecycleengine.analytics;

import java.time.Duration;

/**
 * Keeps the snapshot's refreshes to a share of the time: after a refresh that took {@code d}, the next waits at
 * least {@code d × IDLE_PER_BUSY} more. With a few thousand users a refresh takes milliseconds and the refresh
 * interval alone sets the pace; with hundreds of thousands it takes a minute of database work, which every
 * minute would take a core of the database away from the journeys.
 */
final class RefreshPace {

    /** Idle time per unit of refresh time: the refreshes keep the database busy for at most a tenth of the time. */
    static final int IDLE_PER_BUSY = 9;

    private long notBeforeNanos;
    private boolean refreshed;

    /** Whether a refresh may start at {@code nowNanos} (a {@link System#nanoTime()} reading). */
    synchronized boolean due(long nowNanos) {
        return !refreshed || nowNanos - notBeforeNanos >= 0;
    }

    /** @return the idle time that the refresh imposes before the next one */
    synchronized Duration refreshed(long startedNanos, long endedNanos) {
        long idle = (endedNanos - startedNanos) * IDLE_PER_BUSY;
        notBeforeNanos = endedNanos + idle;
        refreshed = true;
        return Duration.ofNanos(idle);
    }
}
