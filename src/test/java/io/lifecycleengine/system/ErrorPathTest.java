package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import org.junit.jupiter.api.Test;

/** Spring's error path, asked for directly, is a client's mistake, not a server failure. */
class ErrorPathTest extends IntegrationTest {

    @Test
    void theErrorPathAskedForDirectlyIsNotA500() {
        for (String method : new String[] {"GET", "POST"}) {
            LifecycleClient.Answer answer = client.send(method, "/error", null, null, null);

            assertThat(answer.status()).as("%s /error answered %s", method, answer.raw().body()).isBetween(400, 499);
        }
    }
}
