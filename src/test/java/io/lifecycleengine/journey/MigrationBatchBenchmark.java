package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.ModelFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a migration batch costs per journey, with the engine's {@code invocations-per-batch-job}: {@code bench.journeys}
 * (1,000) journeys waiting as NEW move to a new version; the batch's jobs run on two threads, as the job executor's
 * would on this machine. Writes {@code target/migration-batch-benchmark.md}. Run with each setting, e.g.
 * {@code ./mvnw -q test-compile surefire:test -Dtest=MigrationBatchBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcamunda.bpm.generic-properties.properties.invocations-per-batch-job=50}.
 */
class MigrationBatchBenchmark extends JourneyTest {

    private final int journeys = Integer.getInteger("bench.journeys", 1_000);
    private final String prefix = "bench-migration-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Autowired
    private JourneyMigrations migrations;

    private ProcessDefinition before;

    @AfterEach
    void restore() throws IOException {
        forgetJourneysOf(prefix);
        if (before != null && !latest().getId().equals(before.getId())) {
            deploy(ModelFiles.read("/bpmn/user-lifecycle.bpmn"));
        }
    }

    @Test
    void journeysMovedToANewVersion() throws Exception {
        before = latest();
        for (int i = 0; i < journeys; i++) {
            String user = prefix + i;
            client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", user + "@example.com")));
            driver.runAsyncJobs(user);
        }
        deploy(ModelFiles.read("/bpmn/user-lifecycle.bpmn").replace("name=\"Wait as NEW\"", "name=\"Wait as a new user\""));

        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        MigrationReport report = migrations.migrateAutomatically(JourneyProcess.PROCESS_KEY).orElseThrow();
        long planned = System.nanoTime() - start;
        // on two threads, as the job executor's on this machine
        BatchJobs.Ran ran = BatchJobs.run(engine.getManagementService(), report.batchIds(), 2);
        int jobs = ran.migrationJobs();
        long wall = System.nanoTime() - start;
        cpu = os.getProcessCpuTime() - cpu;

        assertThat(ran.failures()).isEmpty();
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionId(before.getId()).count())
                .as("every journey moved").isZero();
        String perJob = environment.getProperty("camunda.bpm.generic-properties.properties.invocations-per-batch-job");
        String line = String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f s | %.1f s | %.1f ms | %.0f/s |%n", perJob,
                report.migrated(), journeys, jobs, planned / 1e9, wall / 1e9, cpu / 1e6 / report.migrated(),
                report.migrated() / (wall / 1e9));
        String table = "| journeys per job | migrated (all on older versions) | of this run | batch jobs | report and batch made "
                + "| in all | CPU per journey | journeys/s |\n|---|---|---|---|---|---|---|---|\n" + line;
        Files.writeString(Path.of("target/migration-batch-benchmark.md"), table);
        System.out.print(table);
    }

    private ProcessDefinition latest() {
        return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(JourneyProcess.PROCESS_KEY)
                .latestVersion().singleResult();
    }

    private void deploy(String bpmn) {
        engine.getRepositoryService().createDeployment().name("benchmark-edit").addString("user-lifecycle.bpmn", bpmn).deploy();
    }
}
