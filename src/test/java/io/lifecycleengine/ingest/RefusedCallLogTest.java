package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A refused ingest call is named in the log (client, answer, never the payload), a line a minute at most. */
@ExtendWith(OutputCaptureExtension.class)
class RefusedCallLogTest extends IntegrationTest {

    private static final String PRIVATE = "a-trait-value-that-stays-out-of-the-log";
    /** The filter's lines, not this test's own (its start-up lines carry its name). */
    private static final Pattern LINE = Pattern.compile("RefusedCallLog\\s+: Refused ");

    @Test
    void refusedCallsAreNamedOnceAMinuteWithTheCountBetween(CapturedOutput log) {
        // later than any line of the real clock's, so the first refusal starts a minute of its own
        Instant start = Instant.now().plus(Duration.ofHours(1));
        String user = newUserId("refused");
        setClock(start);
        String body = "{\"userId\":\"" + user + "\",\"event\":\"Report Viewed\",\"properties\":{\"note\":\"" + PRIVATE + "\"}}";
        assertThat(client.post("/v1/track", body, LifecycleClient.basic("not-a-write-key", "")).status()).isEqualTo(401);

        assertThat(refusals(log)).hasSize(1);
        assertThat(refusals(log).get(0)).contains("Refused POST /v1/track from 127.0.0.1 (Java-http-client", "401",
                "unauthorized", "The write key in the Authorization header is not valid.").doesNotContain(PRIVATE);

        setClock(start.plusSeconds(20));
        assertThat(client.post("/v1/track", "{\"userId\":", client.writeKeyAuthorization()).status()).isEqualTo(400);
        assertThat(client.post("/v1/track", Map.of("userId", user, "event", "Report Viewed")).status()).isEqualTo(200);
        assertThat(client.post("/v1/identify", Map.of("userId", user, "traits", List.of(PRIVATE))).status()).isEqualTo(400);
        assertThat(refusals(log)).as("within the minute the refusals are counted, not logged").hasSize(1);

        setClock(start.plus(RefusedCallLog.QUIET).plusSeconds(1));
        assertThat(client.post("/v1/batch", Map.of("batch", List.of(Map.of("type", "track", "userId", user,
                "event", "Report Viewed", "timestamp", "yesterday", "properties", Map.of("note", PRIVATE))))).status())
                .isEqualTo(400);
        assertThat(refusals(log)).hasSize(2);
        assertThat(refusals(log).get(1)).contains("Refused POST /v1/batch", "400", "bad_request", "timestamp",
                "(and 2 more refused calls since the last such line)").doesNotContain(PRIVATE);
    }

    private static List<String> refusals(CapturedOutput log) {
        return log.getOut().lines().filter(line -> LINE.matcher(line).find()).toList();
    }
}
