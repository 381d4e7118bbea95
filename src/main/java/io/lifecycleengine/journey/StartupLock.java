package io.lifecycleengine.journey;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Lets one node at a time start on a shared MySQL database: our Flyway migrations (whose baseline check
 * races with another node creating the history table), Camunda's tables, the engine's indexes, the admin
 * user and the models' first versions are all made at start without guarding against another node doing
 * the same at the same moment, which on an empty database makes the second node fail. The lock is a named
 * lock of the database server (per database), held by one connection from before the first migration (or,
 * with Flyway off, before the engine touches its tables) until the application is ready; a node that dies
 * meanwhile gives it back with its connection. The embedded H2 file serves one process only, so there it
 * is not taken.
 */
@Component
class StartupLock extends AbstractProcessEnginePlugin implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(StartupLock.class);
    private static final String LOCK_NAME = lockName("DATABASE()");

    private final DataSource dataSource;
    private final boolean sharedDatabase;
    private final Duration wait;
    private Connection holder;

    StartupLock(DataSource dataSource, @Value("${spring.datasource.url}") String url,
                @Value("${lifecycle.journey.startup-lock-wait}") Duration wait) {
        this.dataSource = dataSource;
        DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(url);
        this.sharedDatabase = driver == DatabaseDriver.MYSQL || driver == DatabaseDriver.MARIADB;
        this.wait = wait;
    }

    /** The SQL expression naming the lock of the database the given SQL expression names: one lock per database. */
    static String lockName(String database) {
        return "CONCAT('lifecycle-startup-', SHA1(" + database + "))";
    }

    @Override
    public void migrate(Flyway flyway) {
        acquire();
        flyway.migrate();
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        acquire();
    }

    private synchronized void acquire() {
        if (!sharedDatabase || holder != null) {
            return;
        }
        long started = System.nanoTime();
        boolean locked = false;
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(" + LOCK_NAME + ", ?)")) {
                lock.setLong(1, Math.max(1, wait.toSeconds()));
                try (ResultSet result = lock.executeQuery()) {
                    locked = result.next() && result.getInt(1) == 1;
                }
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Could not take the start-up lock on the database", failed);
        } finally {
            if (!locked && connection != null) {
                retire(connection);
            }
        }
        if (!locked) {
            throw new IllegalStateException("Another node held the start-up lock for longer than " + wait
                    + " (lifecycle.journey.startup-lock-wait); is one stuck while starting?");
        }
        holder = connection;
        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (waited >= 1_000) {
            log.info("Waited {} ms for another node to finish starting", waited);
        }
    }

    @EventListener({ApplicationReadyEvent.class, ApplicationFailedEvent.class, ContextClosedEvent.class})
    synchronized void release() {
        if (holder == null) {
            return;
        }
        Connection connection = holder;
        holder = null;
        try (PreparedStatement unlock = connection.prepareStatement("SELECT RELEASE_LOCK(" + LOCK_NAME + ")")) {
            unlock.executeQuery().close();
            connection.close();
        } catch (SQLException failed) {
            log.warn("Could not give the start-up lock back; closing its connection instead: {}", failed.getMessage());
            retire(connection);
        }
    }

    /** Ends the lock's session (and so the lock) instead of handing the connection back to the pool still holding it. */
    private void retire(Connection connection) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
            } else {
                connection.close();
            }
        } catch (SQLException ignored) {
            // the database gives the lock back when it notices the session is gone
        }
    }
}
