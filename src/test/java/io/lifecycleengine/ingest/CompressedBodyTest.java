package io.lifecycleengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Gzip bodies, as RudderStack's SDKs send by default: unpacked, checked and limited like plain ones; a body
 * that is no gzip, one that unpacks past the limit, and an encoding we do not read are answered 4xx in JSON.
 * A body is JSON whatever its Content-Type says.
 */
class CompressedBodyTest extends IntegrationTest {

    @Test
    void aGzipBatchIsStoredLikeAPlainOne() throws IOException {
        String user = newUserId("gzip");
        String batch = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"" + user + "\",\"traits\":{\"email\":\"" + emailOf(user)
                + "\"}},{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Report Viewed\"}]}";

        LifecycleClient.Answer answer = send(gzip(batch.getBytes(StandardCharsets.UTF_8)), "gzip");

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(2);
    }

    @Test
    void aGzipBatchLabelledAsAFormIsReadAsJsonAsRudderStacksNodeSdkSendsIt() throws IOException {
        String user = newUserId("gzip-form");
        byte[] batch = ("{\"batch\":[{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Report Viewed\"}]}")
                .getBytes(StandardCharsets.UTF_8);

        LifecycleClient.Answer answer = client.send("POST", "/v1/batch", gzip(batch), Map.of(
                "Content-Type", "application/x-www-form-urlencoded", "Content-Encoding", "gzip",
                "Authorization", client.writeKeyAuthorization()));

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(1);
    }

    @Test
    void aPlainJsonBodyIsReadWhateverItsContentTypeSays() {
        String user = newUserId("text-plain");
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            LifecycleClient.Answer answer = client.send("POST", "/v1/track", ("{\"userId\":\"" + user
                    + "\",\"event\":\"Report Viewed\"}").getBytes(StandardCharsets.UTF_8), type, client.writeKeyAuthorization());
            assertThat(answer.status()).as(type + ": " + answer.raw().body()).isEqualTo(200);
        }
        assertThat(client.getJson("/api/users/" + user).path("profile").path("events").asLong()).isEqualTo(2);
    }

    @Test
    void aBodyThatIsNoGzipIsRefusedByName() {
        LifecycleClient.Answer answer = send("{\"userId\":\"u\",\"event\":\"x\"}".getBytes(StandardCharsets.UTF_8), "gzip");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).contains("not valid gzip");
    }

    @Test
    void aTruncatedGzipBodyIsRefusedByName() throws IOException {
        byte[] whole = gzip("{\"userId\":\"u\",\"event\":\"x\"}".getBytes(StandardCharsets.UTF_8));

        LifecycleClient.Answer answer = send(Arrays.copyOf(whole, whole.length - 6), "gzip");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).contains("not valid gzip");
    }

    @Test
    void aSmallBodyThatUnpacksPastTheLimitIsRefused() throws IOException {
        byte[] bomb = new byte[20 * 1024 * 1024];
        Arrays.fill(bomb, (byte) ' ');
        byte[] packed = gzip(bomb);
        assertThat(packed.length).isLessThan(100 * 1024);

        LifecycleClient.Answer answer = send(packed, "gzip");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("body: larger than 500 KB");
    }

    @Test
    void anEncodingNotReadIsAnswered415() {
        LifecycleClient.Answer answer = send("{}".getBytes(StandardCharsets.UTF_8), "br");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.body().path("message").asText()).contains("'br' is not supported");
    }

    private LifecycleClient.Answer send(byte[] body, String encoding) {
        return client.send("POST", "/v1/batch", body, Map.of("Content-Type", "application/json", "Content-Encoding", encoding,
                        "Authorization", client.writeKeyAuthorization()));
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(packed)) {
            out.write(plain);
        }
        return packed.toByteArray();
    }
}
