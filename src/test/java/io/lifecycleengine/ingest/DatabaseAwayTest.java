package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient.Answer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A call that finds no database connection at all is not acknowledged: 503 with Retry-After, never 200. In the
 * database-restart run such calls (their transaction could not even begin) were answered 200 and their events lost.
 */
@DirtiesContext
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=250")
class DatabaseAwayTest extends IntegrationTest {

    @Autowired
    private HikariDataSource dataSource;

    @Test
    void aCallThatGetsNoConnectionIsAnswered503AndStoredWhenRetried() throws SQLException {
        String user = newUserId("away");
        Map<String, Object> call = Map.of("batch", List.of(Map.of("type", "track", "userId", user, "event", "Lesson Viewed",
                "messageId", user + "-1")));

        Answer refused;
        List<Connection> taken = new ArrayList<>();
        try {
            // every connection of the pool held here: the call's transaction cannot begin
            for (int i = 0; i < dataSource.getMaximumPoolSize(); i++) {
                taken.add(dataSource.getConnection());
            }
            refused = client.post("/v1/batch", call);
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
        Answer retried = client.post("/v1/batch", call);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.body().path("error").asText()).isEqualTo("unavailable");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(1);
    }
}
