package io.lifecycleengine.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lifecycleengine.ingest.BehaviorEvent;
import io.lifecycleengine.ingest.EventType;
import io.lifecycleengine.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two writers creating the same new users, each in its own order: one of them goes through. In opposite orders each
 * held a row the other needed, and on H2 both failed (and collided again when retried).
 */
class ConcurrentNewProfilesTest extends IntegrationTest {

    @Autowired
    private ProfileService profiles;
    @Autowired
    private TransactionTemplate transaction;

    @Test
    void writersCreatingTheSameNewUsersInOppositeOrdersLetOneThrough() throws Exception {
        String prefix = newUserId("new-together");
        List<String> users = IntStream.range(0, 200).mapToObj(i -> prefix + "-" + (1000 + i)).toList();
        List<String> reversed = new ArrayList<>(users);
        Collections.reverse(reversed);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<Duration> ascending = writers.submit(() -> create(users, together));
            Future<Duration> descending = writers.submit(() -> create(reversed, together));

            // well within the lock timeout (10 s): neither waited out a lock cycle
            assertThat(ascending.get()).isLessThan(Duration.ofSeconds(5));
            assertThat(descending.get()).isLessThan(Duration.ofSeconds(5));
        } finally {
            writers.shutdownNow();
        }
        assertThat(profiles.findAll(users)).as("one of the two writers created them").hasSize(users.size());
    }

    /** @return how long the write took, failed or not: the loser's collision is retried by the ingest writer */
    private Duration create(List<String> users, CyclicBarrier together) throws Exception {
        Map<String, List<BehaviorEvent>> byUser = new LinkedHashMap<>();
        users.forEach(user -> byUser.put(user, List.of(event(user))));
        together.await();
        long start = System.nanoTime();
        try {
            transaction.executeWithoutResult(status -> profiles.applyBatch(byUser));
        } catch (ConcurrencyFailureException createdByTheOther) {
            // expected of one of the two when both insert; it is retried by the ingest writer
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static BehaviorEvent event(String user) {
        Instant now = Instant.now();
        return new BehaviorEvent(user + "-m", EventType.TRACK, user, null, null, "Report Viewed",
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), now, now, "{}");
    }
}
