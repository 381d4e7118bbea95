package io.lifecycleengine.ingest;

import io.lifecycleengine.journey.SignalInbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Accepts calls of events with group commit: calls that arrive while a transaction is being written wait
 * and are then written together in one transaction, so a busy server folds each user's events of many
 * calls at once. A call returns once its events are durably stored and folded into profiles and
 * dimensions; the journey signals they raised are handed to the journeys' dispatch threads. One writer
 * thread keeps ingest transactions from contending for the same profile rows.
 */
@Service
public class IngestService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final BatchWriter writer;
    private final SignalInbox signals;
    private final int maxGroupEvents;
    private final int writerCount;
    private final BlockingQueue<Call> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private final List<Thread> writerThreads = new ArrayList<>();
    private final Counter stored;
    private final Counter duplicates;

    IngestService(BatchWriter writer, SignalInbox signals, @Value("${lifecycle.ingest.max-group-events}") int maxGroupEvents,
                  @Value("${lifecycle.ingest.writers}") int writerCount, MeterRegistry meters) {
        this.stored = Counter.builder("lifecycle.ingest.events").tag("result", "stored")
                .description("Events accepted and stored").register(meters);
        this.duplicates = Counter.builder("lifecycle.ingest.events").tag("result", "duplicate")
                .description("Events already known by messageId").register(meters);
        this.writer = writer;
        this.signals = signals;
        this.maxGroupEvents = maxGroupEvents;
        this.writerCount = writerCount;
    }

    /**
     * Stores the events, blocking until they are durable.
     *
     * @throws org.springframework.dao.ConcurrencyFailureException when the database kept choosing the
     *         write as a deadlock victim; nothing of the call was stored
     * @throws IngestUnavailableException when the service is shutting down; nothing of the call was stored
     */
    public IngestResult accept(List<BehaviorEvent> events) {
        Call call = new Call(events, new CompletableFuture<>());
        if (!running) {
            throw new IngestUnavailableException();
        }
        queue.add(call);
        if (!running && queue.remove(call)) {
            // stopped between the look above and the add, after stop() answered the queue's calls: nobody would answer it
            throw new IngestUnavailableException();
        }
        try {
            return call.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestUnavailableException();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(failed.getCause());
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 1; i <= writerCount; i++) {
            Thread thread = new Thread(this::writeGroups, "ingest-writer-" + i);
            writerThreads.add(thread);
            thread.start();
        }
    }

    @Override
    public void stop() {
        running = false;
        writerThreads.forEach(Thread::interrupt);
        try {
            for (Thread thread : writerThreads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writerThreads.clear();
        for (Call left; (left = queue.poll()) != null; ) {
            left.result().completeExceptionally(new IngestUnavailableException());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops later phases first) so that accepted calls finish. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void writeGroups() {
        while (running) {
            List<Call> group;
            try {
                group = nextGroup();
            } catch (InterruptedException stopping) {
                return;
            }
            write(group);
        }
    }

    /**
     * Waits for a call, then takes the calls queued behind it until the group holds the group size (the last
     * call may take it past). Only ever {@code poll}: the other writers take from the same queue, so a call
     * seen by {@code peek} may be gone (or another one there) by the time it is taken.
     */
    private List<Call> nextGroup() throws InterruptedException {
        List<Call> group = new ArrayList<>();
        Call first = queue.take();
        group.add(first);
        int events = first.events().size();
        for (Call next; events < maxGroupEvents && (next = queue.poll()) != null; ) {
            group.add(next);
            events += next.events().size();
        }
        return group;
    }

    private void write(List<Call> group) {
        try {
            List<BehaviorEvent> events = new ArrayList<>();
            group.forEach(call -> events.addAll(call.events()));
            BatchWriter.Written written = writer.write(events);
            signals.dispatch(written.signals());
            stored.increment(written.stored().size());
            duplicates.increment(events.size() - written.stored().size());
            answer(group, written);
        } catch (RuntimeException failure) {
            if (group.size() == 1) {
                group.get(0).result().completeExceptionally(failure);
                return;
            }
            // one call's events failed the whole group: write each call alone, so only that call fails
            log.debug("A group of {} calls failed ({}); writing them one by one", group.size(), failure.toString());
            group.forEach(call -> write(List.of(call)));
        }
    }

    private static void answer(List<Call> group, BatchWriter.Written written) {
        Set<String> fresh = new HashSet<>();
        written.stored().forEach(event -> fresh.add(event.messageId()));
        for (Call call : group) {
            int stored = 0;
            for (BehaviorEvent event : call.events()) {
                if (fresh.remove(event.messageId())) {
                    stored++;
                }
            }
            call.result().complete(new IngestResult(stored, call.events().size() - stored));
        }
    }

    private record Call(List<BehaviorEvent> events, CompletableFuture<IngestResult> result) {
    }
}
