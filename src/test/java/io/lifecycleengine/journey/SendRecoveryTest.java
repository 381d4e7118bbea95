package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.TestMail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Failed sends are pulled forward when the mail server comes back from an outage, not when it answered and refused the
 * message (greylisting, a provider's rate limit): those keep their retry cycle, which is what the server asked for.
 */
class SendRecoveryTest extends JourneyTest {

    @Autowired
    private SendRecovery sendRecovery;

    @Test
    void aMessageTheMailServerRefusedForNowKeepsItsRetryCycle() throws Exception {
        JourneyUser user = new JourneyUser(newUserId("greylisted"), client, driver);
        TestMail.stop();
        try (GreylistingSmtpServer greylisting = new GreylistingSmtpServer(TestMail.port())) {
            outlastUncheckedReuse();
            client.ingest("/v1/identify", Map.of("userId", user.id(), "traits", Map.of("email", emailOf(user.id()))));
            assertThat(driver.failCurrentJob(user.id())).as("retries left after the first refusal").isPositive();
            assertThat(user.messagesJson().get(0).path("reason").asText()).isEqualTo("delivery-failed");
            assertThat(user.messagesJson().get(0).path("history").findValuesAsText("reason")).anySatisfy(
                    reason -> assertThat(reason).contains("451"));

            assertThat(sendRecovery.retryFailedSendsIfMailServerBack()).as("the server answers, and asked to wait")
                    .isZero();
            assertThat(driver.currentAsyncJob(user.id()).getDuedate()).as("the next retry step")
                    .isAfter(Date.from(JourneyDriver.now()));
        } finally {
            TestMail.restart();
            outlastUncheckedReuse();
        }
        driver.advance(Duration.ofSeconds(10));
        driver.settle(user.id());
        assertThat(user.messages()).containsExactly("welcome:sent");
        assertThat(TestMail.to(emailOf(user.id()))).hasSize(1);
    }

    private void outlastUncheckedReuse() throws InterruptedException {
        Thread.sleep(environment.getRequiredProperty("lifecycle.messaging.connection-reuse.check-after", Duration.class)
                .plusMillis(100).toMillis());
    }

    /** An SMTP server that answers every client and defers every message, as a greylisting server does. */
    private static final class GreylistingSmtpServer implements AutoCloseable {

        private final ServerSocket listener;

        GreylistingSmtpServer(int port) throws IOException {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread accepting = new Thread(this::serve, "greylisting-smtp");
            accepting.setDaemon(true);
            accepting.start();
        }

        private void serve() {
            while (!listener.isClosed()) {
                try (Socket client = listener.accept()) {
                    converse(client);
                } catch (IOException closed) {
                    // the client or the test went away
                }
            }
        }

        private static void converse(Socket client) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
            answer(out, "220 greylisting ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (command) {
                    case "MAIL" -> answer(out, "451 4.7.1 Greylisted, please try again later");
                    case "QUIT" -> {
                        answer(out, "221 bye");
                        return;
                    }
                    default -> answer(out, "250 OK");
                }
            }
        }

        private static void answer(Writer out, String reply) throws IOException {
            out.write(reply + "\r\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
