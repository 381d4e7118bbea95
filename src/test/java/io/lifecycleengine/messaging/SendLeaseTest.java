package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifecycleengine.profile.ProfileService;
import io.lifecycleengine.segment.SegmentService;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.TestMail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

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

    @Autowired
    private ProfileService profiles;
    @Autowired
    private SegmentService segments;
    @Autowired
    private MailComposer composer;
    @Autowired
    private PlatformTransactionManager transactionManager;
    @Autowired
    private Consent consent;
    @Autowired
    private TrackedLinks trackedLinks;
    @Autowired
    private Clock clock;

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
    void aSenderWhoseLeaseExpiredMidSendLeavesTheOutcomeOfTheSenderWhoTookOver() throws Exception {
        try (StalledSmtpServer stalledSender = new StalledSmtpServer()) {
            MessagingService slowNode = new MessagingService(outbox, profiles, segments, composer, stalledSender.sender,
                    new SmtpConnections(stalledSender.sender, properties, new SimpleMeterRegistry()), properties,
                    transactionManager, consent, trackedLinks, clock);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<MessageStatus> slowSend = pool.submit(() -> slowNode.deliver(request));
            assertThat(stalledSender.connected.await(30, TimeUnit.SECONDS)).as("the slow node is talking to SMTP").isTrue();

            setClock(now().plus(properties.sendLease()).plusSeconds(1));
            assertThat(messaging.deliver(request)).as("the other node, once the lease expired").isEqualTo(MessageStatus.SENT);
            stalledSender.close();
            assertThat(slowSend.get(30, TimeUnit.SECONDS)).as("the slow node's failed attempt, after the other's send")
                    .isEqualTo(MessageStatus.SENT);
            pool.shutdown();

            assertThat(messaging.messagesOf(user)).filteredOn(message -> message.template().equals("feature-guide"))
                    .singleElement().satisfies(message -> assertThat(message.status()).isEqualTo("sent"));
            assertThat(messaging.deliver(request)).as("the slow node's job, retried").isEqualTo(MessageStatus.SENT);
            assertThat(TestMail.to(emailOf(user))).hasSize(1);
        }
    }

    /** An SMTP server that takes the connection and never says a word until closed. */
    private static final class StalledSmtpServer implements AutoCloseable {

        private final ServerSocket listener;
        private final CountDownLatch connected = new CountDownLatch(1);
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final JavaMailSenderImpl sender = new JavaMailSenderImpl();

        StalledSmtpServer() throws IOException {
            listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            sender.setHost("127.0.0.1");
            sender.setPort(listener.getLocalPort());
            Thread accepting = new Thread(() -> {
                try {
                    accepted.add(listener.accept());
                    connected.countDown();
                } catch (IOException closed) {
                    // the test is over
                }
            }, "stalled-smtp");
            accepting.setDaemon(true);
            accepting.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void theLeaseOutlastsTheLongestASendCanTakeWithinTheSmtpTimeouts() {
        // each of the server's replies may take the read timeout: a reused connection's NOOP check that fails, then on a
        // new connection the greeting, EHLO, STARTTLS and EHLO again, AUTH LOGIN's three steps, MAIL, RCPT, DATA and the
        // end of the data; besides them the connection and the message's writing
        int replies = 12;
        long smtpMillis = smtpTimeout("connectiontimeout") + smtpTimeout("writetimeout") + replies * smtpTimeout("timeout");
        assertThat(properties.sendLease()).isGreaterThan(Duration.ofMillis(smtpMillis));
    }

    private long smtpTimeout(String name) {
        return Long.parseLong(environment.getRequiredProperty("spring.mail.properties.mail.smtp." + name));
    }
}
