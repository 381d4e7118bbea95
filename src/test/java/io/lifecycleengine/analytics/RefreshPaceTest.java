package io.lifecycleengine.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshPaceTest {

    private static final long SECOND = 1_000_000_000L;

    private final RefreshPace pace = new RefreshPace();

    @Test
    void theFirstRefreshIsDueAtOnce() {
        assertThat(pace.due(Long.MIN_VALUE)).isTrue();
        assertThat(pace.due(42)).isTrue();
    }

    @Test
    void aRefreshOfAMinuteKeepsTheNextNineMinutesAway() {
        long started = 5 * SECOND;
        long ended = started + 60 * SECOND;

        assertThat(pace.refreshed(started, ended)).isEqualTo(Duration.ofMinutes(9));
        assertThat(pace.due(ended + 60 * SECOND)).isFalse();
        assertThat(pace.due(ended + 9 * 60 * SECOND - 1)).isFalse();
        assertThat(pace.due(ended + 9 * 60 * SECOND)).isTrue();
    }

    @Test
    void aQuickRefreshLeavesTheIntervalInCharge() {
        assertThat(pace.refreshed(0, SECOND / 100)).isEqualTo(Duration.ofMillis(90));

        assertThat(pace.due(SECOND / 100 + SECOND / 10)).isTrue();
    }

    @Test
    void readingsAcrossTheNanoClocksWrapStillCompareInOrder() {
        long started = Long.MAX_VALUE - SECOND;
        long ended = started + 2 * SECOND;

        pace.refreshed(started, ended);

        assertThat(pace.due(ended + 17 * SECOND)).isFalse();
        assertThat(pace.due(ended + 18 * SECOND)).isTrue();
    }
}
