package io.lifecycleengine.journey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.runtime.Job;

/** Runs migration batches' seed, migration and monitor jobs as the job executor would, since tests run without it. */
final class BatchJobs {

    private static final int MAX_ROUNDS = 1_000;

    /** @param migrationJobs the batches' migration jobs run; @param failures what the failed jobs said */
    record Ran(int migrationJobs, List<String> failures) {
    }

    private BatchJobs() {
    }

    /** Until every batch is done or only failed jobs are left, each round's jobs on the given number of threads. */
    static Ran run(ManagementService management, List<String> batchIds, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        int migrationJobs = 0;
        try {
            for (String batchId : batchIds) {
                for (int round = 0; round < MAX_ROUNDS; round++) {
                    Batch batch = management.createBatchQuery().batchId(batchId).singleResult();
                    if (batch == null) {
                        break;
                    }
                    List<Job> jobs = new ArrayList<>();
                    for (String definition : List.of(batch.getSeedJobDefinitionId(), batch.getBatchJobDefinitionId(),
                            batch.getMonitorJobDefinitionId())) {
                        jobs.addAll(management.createJobQuery().jobDefinitionId(definition).withRetriesLeft().list());
                    }
                    if (jobs.isEmpty()) {
                        break;
                    }
                    migrationJobs += (int) jobs.stream().filter(job -> job.getJobDefinitionId().equals(batch.getBatchJobDefinitionId()))
                            .count();
                    List<Future<?>> running = jobs.stream().<Future<?>>map(job -> pool.submit(() -> {
                        try {
                            management.executeJob(job.getId());
                        } catch (RuntimeException failed) {
                            failures.add(failed.getMessage());
                        }
                    })).toList();
                    for (Future<?> job : running) {
                        job.get();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running batch jobs", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A batch job could not be run", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Ran(migrationJobs, List.copyOf(failures));
    }
}
