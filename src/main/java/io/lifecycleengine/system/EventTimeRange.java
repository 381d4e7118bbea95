package io.lifecycleengine.system;

import java.time.Instant;

/**
 * The times an event may have (1970 to 2999), and so the dates worth asking about: beyond them the arithmetic of
 * periods and the databases' timestamps overflow.
 */
public final class EventTimeRange {

    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("2999-12-31T23:59:59Z");

    private EventTimeRange() {
    }

    public static boolean contains(Instant time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }
}
