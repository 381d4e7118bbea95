package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifecycleengine.support.AppProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Two nodes started at the same moment on an empty MySQL database (as an orchestrator starts replicas):
 * neither touches the database before it holds the start-up lock, both come up, and our migrations,
 * Camunda's schema and indexes, admin user and models exist once.
 */
class SimultaneousStartIT {

    @Test
    void twoNodesStartingTogetherOnAnEmptyDatabaseBothComeUpAndDeployTheModelsOnce() throws Exception {
        assumeTrue("mysql".equals(System.getenv("SPRING_PROFILES_ACTIVE")),
                "needs a database two processes share: run with the mysql profile");
        String url = System.getenv("MYSQL_URL");
        String user = System.getenv("MYSQL_USER");
        String password = System.getenv().getOrDefault("MYSQL_PASSWORD", "");
        int path = url.indexOf('/', "jdbc:mysql://".length());
        int query = url.indexOf('?', path);
        String database = url.substring(path + 1, query < 0 ? url.length() : query) + "_start_"
                + UUID.randomUUID().toString().substring(0, 8);
        String emptyUrl = url.substring(0, path + 1) + database + (query < 0 ? "" : url.substring(query));
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement sql = admin.createStatement()) {
            try {
                sql.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            } catch (SQLException denied) {
                assumeTrue(false, "needs CREATE DATABASE for " + database + " (.ci/run grants it): " + denied.getMessage());
            }
            try {
                Map<String, String> node = Map.of("MYSQL_URL", emptyUrl, "LIFECYCLE_JOURNEY_MIGRATION_AUTO", "false");
                String run = "start-" + database.substring(database.length() - 8);
                // held here first, so that both nodes wait for it at once: neither may touch the database before it has it
                String lockName = StartupLock.lockName("'" + database + "'");
                assertThat(count(sql, "SELECT GET_LOCK(" + lockName + ", 0)")).as("start-up lock taken by the test").isEqualTo(1);
                CompletableFuture<AppProcess> a = CompletableFuture.supplyAsync(() -> start(run + "-a", node));
                CompletableFuture<AppProcess> b = CompletableFuture.supplyAsync(() -> start(run + "-b", node));
                try {
                    awaitWaiters(sql, database, 2, a, b);
                    assertThat(count(sql, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database + "'"))
                            .as("tables made while the test held the start-up lock").isZero();
                    sql.execute("SELECT RELEASE_LOCK(" + lockName + ")");
                    // both have started or failed: a node that failed must not leave the other running
                    CompletableFuture.allOf(a, b).exceptionally(failed -> null).join();
                    for (AppProcess app : List.of(a.join(), b.join())) {
                        assertThat(app.getJson("/api/journeys/versions").findValuesAsText("version")).as("versions on node %s", app.name())
                                .containsOnly("1");
                    }
                    assertThat(count(sql, "SELECT COUNT(*) FROM " + database + ".ACT_RE_PROCDEF WHERE KEY_ = 'user-lifecycle'"))
                            .as("versions of the journey deployed").isEqualTo(1);
                    assertThat(count(sql, "SELECT COUNT(*) FROM " + database + ".ACT_RE_DEPLOYMENT")).as("deployments").isEqualTo(1);
                    assertThat(count(sql, "SELECT COUNT(*) FROM " + database + ".flyway_schema_history WHERE success = 0"))
                            .as("failed migrations").isZero();
                    assertThat(count(sql, "SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '"
                            + database + "' AND INDEX_NAME IN ('" + EngineIndexes.JOB_DUE_DATE + "', '"
                            + EngineIndexes.EVENT_SUBSCRIPTION_PROCESS_INSTANCE + "')"))
                            .as("our indexes on Camunda's tables, in this database").isEqualTo(2);
                } finally {
                    sql.execute("SELECT RELEASE_LOCK(" + lockName + ")");
                    for (CompletableFuture<AppProcess> app : List.of(a, b)) {
                        app.exceptionally(failed -> null).join();
                        if (!app.isCompletedExceptionally()) {
                            app.join().close();
                        }
                    }
                }
            } finally {
                sql.execute("DROP DATABASE " + database);
            }
        }
    }

    /** Waits until the given number of sessions wait for a named lock on the database (the nodes' start-up locks). */
    private static void awaitWaiters(Statement sql, String database, int waiters, CompletableFuture<?>... nodes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
        while (count(sql, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + database
                + "' AND INFO LIKE 'SELECT GET_LOCK(%'") < waiters) {
            for (CompletableFuture<?> node : nodes) {
                if (node.isDone()) {
                    node.join();
                    throw new AssertionError("a node started while the test held the start-up lock");
                }
            }
            assertThat(System.nanoTime()).as("%d nodes waiting for the start-up lock within 100 s", waiters).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static AppProcess start(String name, Map<String, String> environment) {
        try {
            return AppProcess.start(name, AppProcess.freePort(), environment);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }
}
