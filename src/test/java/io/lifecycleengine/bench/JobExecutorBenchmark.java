package io.lifecycleengine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * Issue 6's job executor benchmark, run in three steps by {@code docs/bench/job-executor-benchmark.sh}:
 * <ol>
 * <li>{@code seed}: {@code bench.journeys} users with two active days (6 and 5 days ago) are posted to the
 * server in waves; their journeys go ACTIVE and wait on the inactivity timer (due 14 days after the last
 * activity).
 * <li>{@code copy} (with {@code BENCH_SEED} below {@code BENCH_JOURNEYS}, the server stopped): the seeded users
 * and journeys are copied in SQL until there are {@code bench.journeys} ({@link JourneyCopies}).
 * <li>(the script stops the server, sets all those timers due now, and starts it again with a 5-day
 * inactivity window, so that every timer finds its user inactive)
 * <li>{@code measure}: waits until every journey has made its ACTIVE → INACTIVE transition (or for
 * {@code bench.measure-minutes}) and reports the transitions per second between the first and the last.
 * <li>{@code bare}: bare Camunda (a standalone engine in this JVM, on its own database on the same
 * server) with the same job executor settings and history level, the same number of timers (start →
 * timer → end, no work), all due at once; reports jobs per second. {@code bench.bare-variant=server}: with
 * the server's engine and connection settings where they differ from a standalone engine's (time-based UUIDs
 * as ids, the mysql profile's connection init statement); {@code stock}: a standalone engine's defaults.
 * </ol>
 */
class JobExecutorBenchmark {

    private static final String INACTIVITY_TIMER = "Event_InactivityDue";
    private static final String BARE_VARIANT = System.getProperty("bench.bare-variant", "server");

    private final BenchTarget target = new BenchTarget();
    private final String phase = System.getProperty("bench.phase", "");
    private final int journeys = Integer.getInteger("bench.journeys", 100_000);
    private final Duration limit = Duration.ofMinutes(Long.getLong("bench.limit-minutes", 90));
    /** With {@code bench.measure-minutes}, the measurement ends after that long and reports the transitions made so far. */
    private final Duration measureFor = Optional.ofNullable(Long.getLong("bench.measure-minutes")).map(Duration::ofMinutes)
            .orElse(null);

    @Test
    void timersFallingDueAtOnce() throws Exception {
        assumeTrue(target.given() && !phase.isEmpty(), "run through docs/bench/job-executor-benchmark.sh");
        switch (phase) {
            case "seed" -> seed();
            case "copy" -> copy();
            case "measure" -> measure();
            case "bare" -> bare();
            default -> throw new IllegalArgumentException("bench.phase is seed, copy, measure or bare, not " + phase);
        }
    }

    /**
     * Posts the users in waves of {@code bench.seed-wave}, each once the journeys of the one before are
     * ready: a single burst of 100,000 new users makes most of their signals wait for journeys that have
     * not started yet, and the retries of those signals slow the starts down (about 10 journeys/s instead
     * of about 50/s here).
     */
    private void seed() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String run = "jx-" + Long.toString(System.currentTimeMillis(), 36);
        int wave = Integer.getInteger("bench.seed-wave", 2_000);
        int usersPerBatch = 150;
        Instant started = Instant.now();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (Connection db = target.database()) {
            for (int waveStart = 0; waveStart < journeys; waveStart += wave) {
                int waveEnd = Math.min(journeys, waveStart + wave);
                List<Future<Boolean>> posted = new ArrayList<>();
                for (int from = waveStart; from < waveEnd; from += usersPerBatch) {
                    int first = from;
                    int last = Math.min(waveEnd, first + usersPerBatch);
                    posted.add(clients.submit(() -> {
                        StringBuilder batch = new StringBuilder("{\"batch\":[");
                        for (int i = first; i < last; i++) {
                            String user = run + "-" + i;
                            batch.append(i > first ? "," : "")
                                    .append(call(user, "identify", null, now.minus(6, ChronoUnit.DAYS))).append(',')
                                    .append(call(user, "track", "Feature Used", now.minus(6, ChronoUnit.DAYS))).append(',')
                                    .append(call(user, "track", "Feature Used", now.minus(5, ChronoUnit.DAYS)));
                        }
                        return target.post("/v1/batch", batch.append("]}").toString());
                    }));
                }
                for (Future<Boolean> call : posted) {
                    assertThat(call.get()).as("batch accepted").isTrue();
                }
                awaitReady(db, waveEnd, started);
            }
        } finally {
            clients.shutdown();
        }
        System.out.printf(Locale.ROOT, "seed: %d journeys ready in %d s%n", journeys,
                Duration.between(started, Instant.now()).toSeconds());
    }

    private void copy() throws Exception {
        Instant started = Instant.now();
        try (Connection db = target.database()) {
            long now = new JourneyCopies(db).multiplyTo(journeys);
            assertThat(now).as("journeys after copying").isEqualTo(journeys);
            assertThat(inactivityTimers(db)).as("journeys waiting on the inactivity timer").isEqualTo(journeys);
        }
        System.out.printf(Locale.ROOT, "copy: %d journeys in %d s%n", journeys, Duration.between(started, Instant.now()).toSeconds());
    }

    private void awaitReady(Connection db, long expected, Instant started) throws Exception {
        long waiting = 0;
        while (Duration.between(started, Instant.now()).compareTo(limit) < 0) {
            waiting = inactivityTimers(db);
            long pending = BenchTarget.count(db, "SELECT COUNT(*) FROM journey_signal");
            if (waiting >= expected && pending == 0) {
                break;
            }
            Thread.sleep(2_000);
        }
        System.out.printf(Locale.ROOT, "seed: %d of %d journeys wait on the inactivity timer after %d s%n", waiting,
                journeys, Duration.between(started, Instant.now()).toSeconds());
        assertThat(waiting).as("journeys waiting on the inactivity timer").isEqualTo(expected);
    }

    private static String call(String user, String type, String event, Instant at) {
        return "{\"type\":\"" + type + "\",\"userId\":\"" + user + "\"" + (event == null ? "" : ",\"event\":\"" + event + "\"")
                + ",\"messageId\":\"" + user + "-" + type + "-" + at.getEpochSecond() + "\",\"timestamp\":\"" + at + "\"}";
    }

    private void measure() throws Exception {
        Instant started = Instant.now();
        try (Connection db = target.database()) {
            long done = 0;
            while (Duration.between(started, Instant.now()).compareTo(limit) < 0) {
                done = inactiveTransitions(db);
                System.out.printf(Locale.ROOT, "measure: %d of %d transitions, %d timers left%n", done, journeys,
                        inactivityTimers(db));
                if (done >= journeys || measureFor != null && Duration.between(started, Instant.now()).compareTo(measureFor) >= 0) {
                    break;
                }
                Thread.sleep(10_000);
            }
            if (measureFor == null) {
                assertThat(done).as("ACTIVE -> INACTIVE transitions").isEqualTo(journeys);
            } else {
                assertThat(done).as("ACTIVE -> INACTIVE transitions").isPositive();
            }
            Instant[] span = span(db, """
                    SELECT MIN(occurred_at), MAX(occurred_at) FROM segment_transition
                    WHERE dimension = 'lifecycle' AND from_segment = 'ACTIVE' AND to_segment = 'INACTIVE'""");
            String emails = measureFor == null ? emailDelays(db, started) : decidedEmails(db) + " re-engagement messages decided";
            report("journey", "transitions ACTIVE → INACTIVE (timer, profile, stage table, segment move, re-engagement send step)",
                    done, span, emails);
        }
    }

    /**
     * Waits until every transition's re-engagement message was decided (sent or skipped) and tells how long after
     * its transition, and how long after the burst's first transition the last one was.
     */
    private String emailDelays(Connection db, Instant started) throws Exception {
        while (decidedEmails(db) < journeys
                && Duration.between(started, Instant.now()).compareTo(limit) < 0) {
            Thread.sleep(5_000);
        }
        List<Long> delays = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("""
                SELECT TIMESTAMPDIFF(MICROSECOND, t.occurred_at, o.created_at) FROM segment_transition t
                JOIN message_outbox o ON o.user_id = t.user_id AND o.kind = 're-engagement'
                WHERE t.dimension = 'lifecycle' AND t.from_segment = 'ACTIVE' AND t.to_segment = 'INACTIVE'""");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                delays.add(rs.getLong(1));
            }
        }
        Collections.sort(delays);
        Instant[] span = span(db, """
                SELECT MIN(t.occurred_at), MAX(o.created_at) FROM segment_transition t, message_outbox o
                WHERE t.dimension = 'lifecycle' AND t.from_segment = 'ACTIVE' AND t.to_segment = 'INACTIVE'
                  AND o.kind = 're-engagement'""");
        return String.format(Locale.ROOT, "%,d re-engagement messages decided, after their transition: p50 %.1f s, p99 %.1f s,"
                        + " max %.1f s; the last %d s after the burst's first transition", delays.size(),
                percentile(delays, 0.50) / 1e6, percentile(delays, 0.99) / 1e6, percentile(delays, 1.0) / 1e6,
                Duration.between(span[0], span[1]).toSeconds());
    }

    private static long decidedEmails(Connection db) throws SQLException {
        return BenchTarget.count(db, "SELECT COUNT(*) FROM message_outbox WHERE kind = 're-engagement'");
    }

    private static double percentile(List<Long> sorted, double share) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(share * sorted.size()) - 1));
    }

    private void bare() throws Exception {
        try (HikariDataSource dataSource = bareDatabase()) {
            ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                    .createStandaloneProcessEngineConfiguration()
                    .setDataSource(dataSource)
                    .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                    .setHistory(ProcessEngineConfiguration.HISTORY_ACTIVITY)
                    .setJobExecutorActivate(false)
                    .setProcessEngineName("bare-" + System.nanoTime());
            configuration.setJobExecutor(jobExecutor());
            if (serverVariant()) {
                configuration.setIdGenerator(new StrongUuidGenerator()); // the Spring Boot starter's default
            }
            configuration.setJobExecutorAcquireByDueDate(Boolean.getBoolean("bench.acquire-by-due-date"));
            configuration.setDatabaseType("mysql");
            ProcessEngine engine = configuration.buildProcessEngine();
            try (Connection db = dataSource.getConnection()) {
                if (configuration.isJobExecutorAcquireByDueDate()) {
                    try (Statement index = db.createStatement()) {
                        index.execute("CREATE INDEX ACT_IDX_JOB_DUEDATE ON ACT_RU_JOB (DUEDATE_)");
                    }
                }
                engine.getRepositoryService().createDeployment().addModelInstance("noop-timer.bpmn",
                        Bpmn.createExecutableProcess("noop-timer").startEvent().intermediateCatchEvent("wait")
                                .timerWithDate("2099-01-01T00:00:00").endEvent().done()).deploy();
                Instant seeding = Instant.now();
                ExecutorService starters = Executors.newFixedThreadPool(4);
                List<Future<?>> started = new ArrayList<>();
                for (int i = 0; i < journeys; i += 1_000) {
                    int count = Math.min(1_000, journeys - i);
                    started.add(starters.submit(() -> {
                        for (int n = 0; n < count; n++) {
                            engine.getRuntimeService().startProcessInstanceByKey("noop-timer");
                        }
                    }));
                }
                for (Future<?> part : started) {
                    part.get();
                }
                starters.shutdown();
                System.out.printf(Locale.ROOT, "bare: %d timers created in %d s%n", journeys,
                        Duration.between(seeding, Instant.now()).toSeconds());
                try (Statement due = db.createStatement()) {
                    due.executeUpdate("UPDATE ACT_RU_JOB SET DUEDATE_ = NOW()");
                }
                Instant from = Instant.now();
                configuration.getJobExecutor().start();
                long left;
                while ((left = BenchTarget.count(db, "SELECT COUNT(*) FROM ACT_RU_JOB")) > 0
                        && Duration.between(from, Instant.now()).compareTo(limit) < 0) {
                    Thread.sleep(200);
                }
                Instant to = Instant.now();
                configuration.getJobExecutor().shutdown();
                assertThat(left).as("timers left").isZero();
                assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
                report("bare-" + BARE_VARIANT, "no-op timer jobs (start → timer → end), bare Camunda, "
                        + (serverVariant() ? "the server's settings" : "a standalone engine's defaults"), journeys, new Instant[] {from, to}, "");
            } finally {
                engine.close();
            }
        }
    }

    private static boolean serverVariant() {
        return switch (BARE_VARIANT) {
            case "server" -> true;
            case "stock" -> false;
            default -> throw new IllegalArgumentException("bench.bare-variant is server or stock, not " + BARE_VARIANT);
        };
    }

    /** The statement the mysql profile runs on every new connection. */
    private static String serverConnectionInitSql() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-mysql.yml"));
        String sql = yaml.getObject().getProperty("spring.datasource.hikari.connection-init-sql");
        assertThat(sql).as("connection-init-sql of application-mysql.yml").isNotBlank();
        return sql;
    }

    /** The job executor settings the script gave the server, for bare Camunda. */
    private static DefaultJobExecutor jobExecutor() {
        DefaultJobExecutor executor = new DefaultJobExecutor();
        executor.setCorePoolSize(Integer.getInteger("bench.je.core-pool-size", 3));
        executor.setMaxPoolSize(Integer.getInteger("bench.je.max-pool-size", 10));
        executor.setQueueSize(Integer.getInteger("bench.je.queue-capacity", 3));
        executor.setMaxJobsPerAcquisition(Integer.getInteger("bench.je.max-jobs-per-acquisition", 3));
        executor.setWaitTimeInMillis(Integer.getInteger("bench.je.wait-time-in-millis", 5_000));
        return executor;
    }

    private HikariDataSource bareDatabase() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(System.getProperty("bench.bare-jdbc"));
        dataSource.setUsername(System.getProperty("bench.jdbc.user", "root"));
        dataSource.setPassword(System.getProperty("bench.jdbc.password", ""));
        dataSource.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        dataSource.setMaximumPoolSize(20);
        dataSource.addDataSourceProperty("sendFractionalSeconds", "false");
        dataSource.addDataSourceProperty("nullCatalogMeansCurrent", "true");
        dataSource.addDataSourceProperty("rewriteBatchedStatements", "true");
        if (serverVariant()) {
            dataSource.setConnectionInitSql(serverConnectionInitSql());
        }
        return dataSource;
    }

    private void report(String name, String what, long count, Instant[] span, String note) throws Exception {
        long seconds = Math.max(1, Duration.between(span[0], span[1]).toSeconds());
        String summary = String.format(Locale.ROOT, """
                | %s | %,d | %d s | %.0f per second |
                %s
                job executor: core %s, max %s, queue %s, jobs per acquisition %s, acquire by due date %s, by priority %s
                """, what, count, seconds, count / (double) seconds, note,
                System.getProperty("bench.je.core-pool-size"), System.getProperty("bench.je.max-pool-size"),
                System.getProperty("bench.je.queue-capacity"), System.getProperty("bench.je.max-jobs-per-acquisition"),
                System.getProperty("bench.acquire-by-due-date"), System.getProperty("bench.acquire-by-priority"));
        BenchTarget.report("job-executor-" + name, summary);
    }

    private static long inactivityTimers(Connection db) throws SQLException {
        return BenchTarget.count(db, "SELECT COUNT(*) FROM ACT_RU_JOB WHERE HANDLER_CFG_ LIKE '" + INACTIVITY_TIMER + "%'");
    }

    private static long inactiveTransitions(Connection db) throws SQLException {
        return BenchTarget.count(db, "SELECT COUNT(*) FROM segment_transition WHERE dimension = 'lifecycle' AND from_segment = 'ACTIVE'"
                + " AND to_segment = 'INACTIVE'");
    }

    private static Instant[] span(Connection db, String sql) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
            rs.next();
            // whole seconds: the last second counts in full
            return new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant().plusSeconds(1)};
        }
    }
}
