package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient.Answer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A call that finds no database connection at all is not acknowledged: 503 with Retry-After, never 200. In the
 * database-restart run such calls (their transaction could not even begin) were answered 200 and their events lost.
 */
class DatabaseAwayTest extends IntegrationTest {

    @Autowired
    private HikariDataSource dataSource;

    @Test
    void aCallThatGetsNoConnectionIsAnswered503AndStoredWhenRetried() throws Exception {
        String user = newUserId("away");
        Map<String, Object> call = Map.of("batch", List.of(Map.of("type", "track", "userId", user, "event", "Lesson Viewed",
                "messageId", user + "-1")));
        Answer refused = withoutConnections(() -> client.post("/v1/batch", call));
        Answer retried = client.post("/v1/batch", call);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.body().path("error").asText()).isEqualTo("unavailable");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(1);
    }

    @Test
    void theReadApiAnswers503WhileTheLoginCannotBeChecked() throws Exception {
        Answer refused = withoutConnections(() -> client.get("/api/segments"));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.body().path("error").asText()).isEqualTo("unavailable");
        assertThat(client.get("/api/segments").status()).isEqualTo(200);
    }

    @Test
    void engineRestAnswers503WhileTheLoginCannotBeChecked() throws Exception {
        Answer refused = withoutConnections(() -> client.get("/engine-rest/process-definition/key/user-lifecycle"));

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.body().path("error").asText()).isEqualTo("unavailable");
        assertThat(client.get("/engine-rest/process-definition/key/user-lifecycle").status()).isEqualTo(200);
    }

    /** Runs the call while every connection of the pool is held here, so that what it asks of the database times out. */
    private Answer withoutConnections(Supplier<Answer> call) throws SQLException {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        List<Connection> taken = new ArrayList<>();
        AtomicBoolean holding = new AtomicBoolean(true);
        Thread holder = new Thread(() -> {
            // takes every connection another thread of the application gives back meanwhile
            while (holding.get()) {
                takeOne(taken, holding);
            }
        });
        holder.setDaemon(true);
        try {
            // every connection of the pool held here (idle ones, and new ones up to the maximum): the call's
            // transaction cannot begin, and after the pool's connection timeout it gives up
            for (int free = dataSource.getMaximumPoolSize() - pool.getActiveConnections(); free > 0; free--) {
                takeOne(taken, holding);
            }
            holder.start();
            return call.get();
        } finally {
            synchronized (taken) {
                holding.set(false);
                for (Connection connection : taken) {
                    connection.close();
                }
            }
        }
    }

    private void takeOne(List<Connection> taken, AtomicBoolean holding) {
        try {
            Connection connection = dataSource.getConnection();
            synchronized (taken) {
                if (holding.get()) {
                    taken.add(connection);
                } else {
                    connection.close();
                }
            }
        } catch (SQLException exhausted) {
            // none came free within the pool's timeout
        }
    }
}
