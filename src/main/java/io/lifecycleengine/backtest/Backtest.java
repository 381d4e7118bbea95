package io.lifecycleengine.backtest;

import io.lifecycleengine.ingest.BehaviorEvent;
import io.lifecycleengine.ingest.EventType;
import io.lifecycleengine.ingest.IngestResult;
import io.lifecycleengine.ingest.IngestService;
import io.lifecycleengine.journey.SimulatedTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Replays an event log through the journey on a simulated clock: events arrive at their own time, and
 * between them every timer fires at its due time. Runs only in the isolated engine that
 * {@link BacktestCommand} starts.
 */
@Service
class Backtest {

    /** Events this close together arrive as one batch, at the time of the batch's first event. */
    private static final Duration BATCH_SPAN = Duration.ofMinutes(1);
    private static final int MAX_BATCH = 2_500;

    private final IngestService ingest;
    private final SimulatedTime time;
    private final int writers;
    private final ExecutorService callers;

    Backtest(IngestService ingest, SimulatedTime time,
             @Value("${lifecycle.ingest.writers}") int writers) {
        this.ingest = ingest;
        this.time = time;
        this.writers = Math.max(1, writers);
        this.callers = Executors.newFixedThreadPool(this.writers, runnable -> {
            Thread thread = new Thread(runnable, "backtest-ingest");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param events the calls replayed (those between {@code from} and {@code to})
     * @param duplicates of those, the ones left out as a call with the same messageId was stored before
     * @param timersPostponed timers that fell due when their date had moved later, and waited on to it
     */
    record Replayed(long events, long duplicates, Instant from, Instant to, long timersFired, long timersPostponed) {
    }

    /** Told after every batch: events handed in so far, events in all, the simulated time, timers fired so far. */
    interface Progress {
        void update(long done, long total, Instant at, long timersFired);
    }

    /**
     * @param log the events in replay order ({@link io.lifecycleengine.ingest.EventFile#replayOrder}), named by
     * {@code source} in errors
     * @param from events before it are left out; null: the first event's time
     * @param to events after it are left out and the clock stops there; null: the last event's time
     */
    Replayed replay(String source, List<BehaviorEvent> log, Instant from, Instant to, Progress progress) {
        List<BehaviorEvent> events = log.stream()
                .filter(event -> (from == null || !event.eventTime().isBefore(from)) && (to == null || !event.eventTime().isAfter(to)))
                .toList();
        if (events.isEmpty()) {
            throw new IllegalArgumentException(source + " has no events" + (from != null || to != null ? " between --from and --to" : ""));
        }
        Instant start = from != null ? from : events.get(0).eventTime();
        Instant end = to != null ? to : events.get(events.size() - 1).eventTime();
        time.startAt(start);
        long fired = 0;
        long duplicates = 0;
        int next = 0;
        while (next < events.size()) {
            Instant at = events.get(next).eventTime();
            fired += time.fireTimersUntil(at);
            time.advanceTo(at);
            List<BehaviorEvent> batch = new ArrayList<>();
            Instant batchEnd = at.plus(BATCH_SPAN);
            Instant timer = time.nextTimerDue();
            while (next < events.size() && batch.size() < MAX_BATCH && events.get(next).eventTime().isBefore(batchEnd)
                    && (timer == null || !events.get(next).eventTime().isAfter(timer))) {
                batch.add(events.get(next++));
            }
            if (batch.isEmpty()) {
                batch.add(events.get(next++));
            }
            duplicates += acceptOnAllWriters(batch);
            time.settle();
            if (next < events.size()) {
                progress.update(next, events.size(), time.now(), fired);
            }
        }
        fired += time.fireTimersUntil(end);
        time.advanceTo(end);
        progress.update(events.size(), events.size(), time.now(), fired);
        return new Replayed(events.size(), duplicates, start, end, fired, time.timersPostponed());
    }

    /**
     * Hands the batch to the ingest writers in one part per writer, split by user, so that they write in
     * parallel; a batch with an alias stays whole, as it joins two users' histories.
     *
     * @return how many of the batch's calls were duplicates of calls stored before
     */
    private long acceptOnAllWriters(List<BehaviorEvent> batch) {
        if (writers == 1 || batch.stream().anyMatch(event -> event.type() == EventType.ALIAS)) {
            return ingest.accept(batch).duplicates();
        }
        List<List<BehaviorEvent>> parts = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            parts.add(new ArrayList<>());
        }
        batch.forEach(event -> parts.get(Math.floorMod(Objects.hashCode(event.userId() != null ? event.userId()
                : event.anonymousId()), writers)).add(event));
        List<CompletableFuture<IngestResult>> written = parts.stream().filter(part -> !part.isEmpty())
                .map(part -> CompletableFuture.supplyAsync(() -> ingest.accept(part), callers)).toList();
        CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
        return written.stream().mapToLong(part -> part.join().duplicates()).sum();
    }

    @PreDestroy
    void stop() {
        callers.shutdownNow();
    }
}
