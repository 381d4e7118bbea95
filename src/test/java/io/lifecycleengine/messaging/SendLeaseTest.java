package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.TestMail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two senders of the same message (two nodes, or a job whose lock expired while SMTP hung) never mail
 * twice: the first holds the message's send lease, the second waits for its outcome.
 */
class SendLeaseTest extends IntegrationTest {

    @Autowired
    private MessagingService messaging;
    @Autowired
    private Outbox outbox;
    @Autowired
    private MessagingProperties properties;

    private String user;
    private MessageRequest request;

    @BeforeEach
    void userWithEmail() {
        setClock(Instant.parse("2026-03-02T09:00:00Z"));
        user = newUserId("lease");
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));
        request = new MessageRequest("lease-test:" + user + ":feature-guide", user, "feature-guide", "no-journey");
    }

    @Test
    void aSecondSenderWaitsWhileTheFirstHoldsTheLeaseAndTakesOverOnlyAfterItExpires() {
        outbox.queue(request, now());
        assertThat(outbox.lease(request, now(), properties.sendLease()).leased()).as("the first sender").isTrue();

        assertThatThrownBy(() -> messaging.deliver(request)).isInstanceOf(DeliveryInProgressException.class);
        assertThat(TestMail.to(emailOf(user))).isEmpty();

        setClock(now().plus(properties.sendLease()).plusSeconds(1));
        assertThat(messaging.deliver(request)).as("the first sender died").isEqualTo(MessageStatus.SENT);
        assertThat(messaging.deliver(request)).isEqualTo(MessageStatus.SENT);
        assertThat(TestMail.to(emailOf(user))).hasSize(1);
    }

    @Test
    void concurrentSendersOfOneMessageMailOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<MessageStatus>> sends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sends.add(pool.submit(() -> {
                try {
                    return messaging.deliver(request);
                } catch (DeliveryInProgressException busy) {
                    return null;
                }
            }));
        }
        int sent = 0;
        for (Future<MessageStatus> send : sends) {
            if (send.get(30, TimeUnit.SECONDS) == MessageStatus.SENT) {
                sent++;
            }
        }
        pool.shutdown();

        assertThat(sent).isPositive();
        assertThat(TestMail.to(emailOf(user))).hasSize(1);
        assertThat(messaging.deliver(request)).isEqualTo(MessageStatus.SENT);
        assertThat(TestMail.to(emailOf(user))).hasSize(1);
    }

    @Test
    void theLeaseOutlastsTheSmtpTimeouts() {
        long smtpMillis = 0;
        // a reused connection's NOOP check (timeout), a new connection (connectiontimeout), the message (writetimeout)
        // and the server's answers (timeout)
        for (String timeout : List.of("timeout", "connectiontimeout", "writetimeout", "timeout")) {
            smtpMillis += Long.parseLong(environment.getRequiredProperty("spring.mail.properties.mail.smtp." + timeout));
        }
        assertThat(properties.sendLease()).isGreaterThan(Duration.ofMillis(smtpMillis));
    }
}
