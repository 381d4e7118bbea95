package io.lifecycleengine.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import jakarta.annotation.PreDestroy;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the journeys on a simulated clock for a replay (the backtest): the caller moves time forward, and
 * every timer fires at its own due time, with the sends and signals it causes run before time moves on.
 * Only for an engine without a job executor: it executes jobs itself.
 */
@Component
public class SimulatedTime {

    private static final Logger log = LoggerFactory.getLogger(SimulatedTime.class);
    private static final int JOBS_PER_ROUND = 500;
    private static final int MAX_SETTLE_ROUNDS = 100;

    private final ManagementService management;
    private final RuntimeService runtime;
    private final SignalInbox signals;
    private final PendingSignals pending;
    private final RecomputedTimers recomputed;
    /** The user of each process instance a job ran under: a business key is set when the instance starts, never changed. */
    private final Map<String, String> usersOfRoots = new HashMap<>();
    private final int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private final ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
        Thread thread = new Thread(runnable, "simulated-time");
        thread.setDaemon(true);
        return thread;
    });

    SimulatedTime(ManagementService management, RuntimeService runtime, SignalInbox signals, PendingSignals pending,
                  RecomputedTimers recomputed) {
        this.management = management;
        this.runtime = runtime;
        this.signals = signals;
        this.pending = pending;
        this.recomputed = recomputed;
    }

    public Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    /** Sets the clock, backwards too: the start of a replay. */
    public void startAt(Instant at) {
        ClockUtil.setCurrentTime(Date.from(at));
    }

    /** Moves the clock forward to the given time (never back). */
    public void advanceTo(Instant at) {
        if (at.isAfter(now())) {
            ClockUtil.setCurrentTime(Date.from(at));
        }
    }

    /** The due time of the earliest timer, if any. */
    public Instant nextTimerDue() {
        List<Job> next = management.createJobQuery().timers().withRetriesLeft().orderByJobDuedate().asc().listPage(0, 1);
        return next.isEmpty() ? null : next.get(0).getDuedate().toInstant();
    }

    /**
     * Fires every timer due at or before {@code until} in due order, the clock at each one's due time,
     * and settles the journeys after each instant.
     *
     * @return the number of timers fired; a timer that fell due and waited on to a later date ({@link #timersPostponed})
     * is not one of them
     */
    public long fireTimersUntil(Instant until) {
        long fired = 0;
        long postponedBefore = recomputed.postponedSoFar();
        List<Job> due;
        while (!(due = management.createJobQuery().timers().withRetriesLeft().duedateLowerThan(Date.from(until.plusMillis(1)))
                .orderByJobDuedate().asc().listPage(0, JOBS_PER_ROUND)).isEmpty()) {
            // the timers due at the earliest instant, which no timer fired now can precede
            long first = due.get(0).getDuedate().getTime();
            List<Job> timers = due.stream().takeWhile(job -> job.getDuedate().getTime() == first).toList();
            advanceTo(Instant.ofEpochMilli(first));
            executeByJourney(timers);
            fired += timers.size();
            settle();
        }
        return fired - (recomputed.postponedSoFar() - postponedBefore);
    }

    /** Timers that fell due and waited on to a later date, their date computed again ({@link RecomputedTimers}). */
    public long timersPostponed() {
        return recomputed.postponedSoFar();
    }

    /** Delivers pending signals and runs the async continuations (sends) until the journeys wait. */
    public void settle() {
        signals.awaitDispatched(Duration.ofMinutes(1));
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            boolean ran = false;
            List<Job> jobs;
            while (!(jobs = management.createJobQuery().messages().executable().withRetriesLeft()
                    .listPage(0, JOBS_PER_ROUND)).isEmpty()) {
                executeByJourney(jobs);
                ran = true;
            }
            int waiting = pending.count();
            if (!ran && waiting == 0) {
                return;
            }
            if (waiting > 0) {
                signals.retryDue();
                // signals held back by a busy journey back off on the clock
                advanceTo(now().plusSeconds(1));
            }
        }
        log.warn("Journeys still busy after {} rounds at {}; {} signals pending", MAX_SETTLE_ROUNDS, now(), pending.count());
    }

    /**
     * Runs the jobs on all cores, a user's jobs (their journey's and their messages') in order on one thread, so
     * that no two touch the same journey or user at once and a replay gives the same report every time.
     */
    private void executeByJourney(List<Job> jobs) {
        if (jobs.size() == 1 || threads == 1) {
            jobs.forEach(this::execute);
            return;
        }
        // a send's job belongs to its own process instance: one called by the journey has it as its root, one
        // held for quiet hours is a root of its own; both carry the journey's business key, the user's id
        Set<String> unknownRoots = jobs.stream().map(SimulatedTime::root).filter(root -> !usersOfRoots.containsKey(root))
                .collect(Collectors.toSet());
        if (!unknownRoots.isEmpty()) {
            runtime.createProcessInstanceQuery().processInstanceIds(unknownRoots).list()
                    .forEach(instance -> usersOfRoots.put(instance.getId(), instance.getBusinessKey()));
        }
        Map<String, List<Job>> byJourney = new LinkedHashMap<>();
        jobs.forEach(job -> byJourney.computeIfAbsent(Objects.requireNonNullElse(usersOfRoots.get(root(job)), root(job)),
                user -> new ArrayList<>()).add(job));
        // a task per journey, taken by whichever thread is free: even a round of a few keeps all threads busy
        List<Future<?>> running = byJourney.values().stream()
                .<Future<?>>map(part -> workers.submit(() -> part.forEach(this::execute))).toList();
        for (Future<?> part : running) {
            try {
                part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running jobs", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Running jobs failed", e.getCause());
            }
        }
    }

    /** Gives the clock back to the wall when the replay's engine closes: the clock is global to the JVM. */
    @PreDestroy
    void stop() {
        workers.shutdownNow();
        ClockUtil.reset();
    }

    /** The process instance a job runs for at the top; a job of no instance (a batch's) stands for itself. */
    private static String root(Job job) {
        return Objects.requireNonNullElse(job.getRootProcessInstanceId(),
                Objects.requireNonNullElse(job.getProcessInstanceId(), job.getId()));
    }

    private void execute(Job job) {
        try {
            management.executeJob(job.getId());
        } catch (RuntimeException failed) {
            // the job keeps its retries' count down and ends in an incident, as under the job executor
            log.debug("Job {} failed at {}: {}", job.getId(), now(), failed.toString());
        }
    }
}
