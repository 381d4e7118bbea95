package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignalDispatchersTest {

    private SignalDispatchers dispatchers;

    @AfterEach
    void stop() {
        dispatchers.shutdown();
    }

    @Test
    void dispatchingAndWaitingReturnsOnceEverySignalWasAttemptedEachUsersInOrder() {
        dispatchers = new SignalDispatchers(2);
        Map<String, List<Long>> due = new LinkedHashMap<>();
        for (int user = 0; user < 50; user++) {
            due.put("user-" + user, List.of(user * 10L, user * 10L + 1, user * 10L + 2));
        }
        List<Long> attempted = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = ConcurrentHashMap.newKeySet();

        boolean dispatched = dispatchers.dispatchAndWait(due, id -> {
            sleep(1);
            threads.add(Thread.currentThread().getName());
            attempted.add(id);
        }, Duration.ofSeconds(30));

        assertThat(dispatched).isTrue();
        assertThat(attempted).hasSize(150);
        assertThat(threads).containsExactlyInAnyOrder("signal-dispatch-1", "signal-dispatch-2");
        due.values().forEach(ids -> assertThat(attempted.stream().filter(ids::contains).toList()).isEqualTo(ids));
    }

    @Test
    void dispatchingAndWaitingDoesNotWaitForSignalsDispatchedByOthers() throws InterruptedException {
        dispatchers = new SignalDispatchers(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> attempted = Collections.synchronizedList(new ArrayList<>());
        // "a" and "b" hash to different threads; "a" is attempted once released, at the latest after 2 s
        dispatchers.dispatch(Map.of("a", List.of(1L)), id -> {
            await(release, Duration.ofSeconds(2));
            attempted.add(id);
        });

        boolean dispatched = dispatchers.dispatchAndWait(Map.of("b", List.of(2L)), attempted::add, Duration.ofSeconds(30));

        assertThat(dispatched).isTrue();
        assertThat(attempted).containsExactly(2L);
        release.countDown();
        assertThat(dispatchers.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(attempted).containsExactly(2L, 1L);
    }

    @Test
    void withoutThreadsNothingIsAttemptedAndTheCallerIsTold() {
        dispatchers = new SignalDispatchers(0);
        List<Long> attempted = new ArrayList<>();

        boolean dispatched = dispatchers.dispatchAndWait(Map.of("user-1", List.of(1L)), attempted::add, Duration.ofSeconds(1));

        assertThat(dispatched).isFalse();
        assertThat(attempted).isEmpty();
    }

    private static void await(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
