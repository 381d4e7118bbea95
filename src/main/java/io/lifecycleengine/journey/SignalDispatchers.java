package io.lifecycleengine.journey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that attempt new signals right after their events committed. A user's signals always go to
 * the same thread, in order. When the threads fall behind and their queues fill, further signals are
 * left to the retry schedule: they are stored, so nothing is lost. With no threads configured, every
 * signal waits for the retry schedule (a node that only ingests).
 */
final class SignalDispatchers {

    private static final Logger log = LoggerFactory.getLogger(SignalDispatchers.class);
    private static final int QUEUE_PER_THREAD = 10_000;

    private final List<ThreadPoolExecutor> threads = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();

    SignalDispatchers(int count) {
        for (int i = 0; i < count; i++) {
            String name = "signal-dispatch-" + (i + 1);
            ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(QUEUE_PER_THREAD), runnable -> {
                        Thread daemon = new Thread(runnable, name);
                        daemon.setDaemon(true);
                        return daemon;
                    });
            threads.add(thread);
        }
    }

    void dispatch(Map<String, List<Long>> idsByUser, LongConsumer attempt) {
        dispatch(idsByUser, attempt, () -> { });
    }

    /**
     * Dispatches the signals and waits until these were attempted (or left to the retry schedule by a full
     * queue), for at most the given time; signals dispatched by others meanwhile are not waited for.
     *
     * @return false when there are no threads to dispatch to: the caller attempts the signals itself
     */
    boolean dispatchAndWait(Map<String, List<Long>> idsByUser, LongConsumer attempt, Duration atMost) {
        if (threads.isEmpty()) {
            return false;
        }
        CountDownLatch users = new CountDownLatch(idsByUser.size());
        dispatch(idsByUser, attempt, users::countDown);
        try {
            users.await(atMost.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private void dispatch(Map<String, List<Long>> idsByUser, LongConsumer attempt, Runnable userDone) {
        if (threads.isEmpty()) {
            return;
        }
        idsByUser.forEach((user, ids) -> {
            inFlight.incrementAndGet();
            try {
                threads.get(Math.floorMod(user.hashCode(), threads.size())).execute(() -> {
                    try {
                        ids.forEach(attempt::accept);
                    } catch (RuntimeException failure) {
                        log.warn("Dispatching signals of user {} failed, the retry schedule takes over: {}", user,
                                failure.toString());
                    } finally {
                        done();
                        userDone.run();
                    }
                });
            } catch (RuntimeException rejected) {
                done();
                userDone.run();
                log.debug("Dispatch queue full; signals of user {} wait for the retry schedule", user);
            }
        });
    }

    private void done() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    boolean awaitIdle(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    void shutdown() {
        threads.forEach(ThreadPoolExecutor::shutdown);
        threads.forEach(thread -> {
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
