package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A revocation is not undone by a scheduled reload of the keys that read them just before it. */
class WriteKeyReloadRaceTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private Clock clock;

    @Test
    void aReloadThatReadTheKeysBeforeARevocationDoesNotBringTheKeyBack() throws Exception {
        HeldStore store = new HeldStore(jdbc);
        WriteKeys keys = new WriteKeys("wk-configured-for-this-test", store, clock);
        IssuedWriteKey issued = keys.issue("race " + newUserId("key"));
        assertThat(keys.isValid(issued.key())).isTrue();

        store.holdNextRead();
        CompletableFuture<Void> scheduled = CompletableFuture.runAsync(keys::reload);
        assertThat(store.readAndHeld.await(10, TimeUnit.SECONDS)).as("the scheduled reload read the keys").isTrue();
        CompletableFuture<Boolean> revoking = CompletableFuture.supplyAsync(() -> keys.revoke(issued.id()));
        while (jdbc.queryForObject("SELECT COUNT(*) FROM write_key WHERE id = ? AND revoked_at IS NOT NULL", Integer.class,
                issued.id()) == 0) {
            Thread.sleep(5);
        }
        Thread.sleep(200); // time for the revocation's own reload, had it not to wait for the scheduled one
        store.release.countDown();
        scheduled.get(10, TimeUnit.SECONDS);
        assertThat(revoking.get(10, TimeUnit.SECONDS)).isTrue();

        assertThat(keys.isValid(issued.key())).as("revoked, and the older reload finished last").isFalse();
    }

    /** The real store, whose next read of the active keys waits, after reading, until the test lets it go on. */
    private static final class HeldStore extends WriteKeyStore {

        private final CountDownLatch readAndHeld = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean holdNext;

        HeldStore(JdbcTemplate jdbc) {
            super(jdbc);
        }

        void holdNextRead() {
            holdNext = true;
        }

        @Override
        Set<String> activeHashes() {
            Set<String> read = super.activeHashes();
            if (holdNext) {
                holdNext = false;
                readAndHeld.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return read;
        }
    }
}
