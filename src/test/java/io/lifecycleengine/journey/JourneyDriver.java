package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/** Drives journeys by hand: runs their async jobs, fires their timers and retries pending signals. */
class JourneyDriver {

    private static final int MAX_ROUNDS = 30;

    private final ProcessEngine engine;
    private final SignalInbox signals;

    JourneyDriver(ProcessEngine engine, SignalInbox signals) {
        this.engine = engine;
        this.signals = signals;
    }

    /** The user's one running journey. */
    ProcessInstance journey(String userId) {
        List<ProcessInstance> running = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(JourneyProcess.PROCESS_KEY).processInstanceBusinessKey(userId).list();
        assertThat(running).as("running journeys of %s", userId).hasSize(1);
        return running.get(0);
    }

    /**
     * Runs the journey's async jobs and the user's pending signals until nothing is left to do, moving
     * the clock a second forward between rounds so that signal backoffs pass.
     */
    void settle(String userId) {
        signals.awaitDispatched(Duration.ofSeconds(30));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean ranJobs = runAsyncJobs(userId);
            if (!ranJobs && signals.pendingFor(userId) == 0) {
                return;
            }
            ClockUtil.setCurrentTime(Date.from(now().plusSeconds(1)));
            signals.retryDue();
        }
        throw new AssertionError("Journey of " + userId + " did not settle");
    }

    /** The due date of the journey's one timer. */
    Instant timerDue(String userId) {
        return timer(userId).getDuedate().toInstant();
    }

    /** Moves the clock to the journey's timer, fires it and settles. */
    void fireTimer(String userId) {
        Job timer = timer(userId);
        Instant due = timer.getDuedate().toInstant();
        if (due.isAfter(now())) {
            ClockUtil.setCurrentTime(Date.from(due));
        }
        engine.getManagementService().executeJob(timer.getId());
        settle(userId);
    }

    /** Executes the current async job, expecting it to fail; returns the retries left. */
    int failCurrentJob(String userId) {
        Job job = asyncJobs(userId).get(0);
        try {
            engine.getManagementService().executeJob(job.getId());
            throw new AssertionError("The job was expected to fail");
        } catch (RuntimeException expected) {
            return engine.getManagementService().createJobQuery().jobId(job.getId()).singleResult().getRetries();
        }
    }

    Job currentAsyncJob(String userId) {
        List<Job> jobs = asyncJobs(userId);
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    void advance(Duration duration) {
        ClockUtil.setCurrentTime(Date.from(now().plus(duration)));
    }

    /** Runs the journey's async jobs until it waits, without moving the clock. */
    boolean runAsyncJobs(String userId) {
        boolean ran = false;
        List<Job> jobs;
        while (!(jobs = asyncJobs(userId)).isEmpty()) {
            for (Job job : jobs) {
                engine.getManagementService().executeJob(job.getId());
                ran = true;
            }
        }
        return ran;
    }

    private List<Job> asyncJobs(String userId) {
        ManagementService management = engine.getManagementService();
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(userId).list().stream()
                .flatMap(instance -> management.createJobQuery().processInstanceId(instance.getId()).messages()
                        .withRetriesLeft().list().stream())
                .toList();
    }

    private Job timer(String userId) {
        return engine.getManagementService().createJobQuery().processInstanceId(journey(userId).getId()).timers()
                .singleResult();
    }

    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
