package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifecycleengine.support.TcpProxy;
import io.lifecycleengine.support.TestMail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Messages through open SMTP connections, against a real SMTP server behind a relay that counts connections. */
class SmtpConnectionsTest {

    private final TcpProxy proxy = new TcpProxy(TestMail.port());
    private final JavaMailSenderImpl mailSender = new JavaMailSenderImpl();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String recipient = "smtp-" + UUID.randomUUID() + "@example.org";
    private SmtpConnections connections;

    SmtpConnectionsTest() {
        mailSender.setHost("127.0.0.1");
        mailSender.setPort(proxy.port());
        mailSender.getJavaMailProperties().put("mail.smtp.timeout", "10000");
    }

    @AfterEach
    void closeConnections() {
        connections.closeAll();
        proxy.close();
    }

    @Test
    void messagesOneAfterAnotherShareOneConnection() throws Exception {
        connections = connections(100, Duration.ofSeconds(30), Duration.ofSeconds(1));

        for (int i = 0; i < 10; i++) {
            connections.send(message(i));
        }

        assertThat(TestMail.subjectsTo(recipient)).containsExactlyInAnyOrderElementsOf(subjects(0, 10));
        assertThat(proxy.connectionsOpened()).isEqualTo(1);
        assertThat(meters.counter("lifecycle.messaging.smtp.connections.opened").count()).isEqualTo(1);
        assertThat(proxy.connectionsOpen()).as("left open for the next message").isEqualTo(1);
    }

    @Test
    void aConnectionCarriesAtMostItsShareOfMessages() throws Exception {
        connections = connections(4, Duration.ofSeconds(30), Duration.ofSeconds(1));

        for (int i = 0; i < 10; i++) {
            connections.send(message(i));
        }

        assertThat(TestMail.subjectsTo(recipient)).containsExactlyInAnyOrderElementsOf(subjects(0, 10));
        assertThat(proxy.connectionsOpened()).as("4 + 4 + 2 messages").isEqualTo(3);
    }

    @Test
    void oneMessagePerConnectionWhenReuseIsOff() throws Exception {
        connections = connections(1, Duration.ofSeconds(30), Duration.ofSeconds(1));

        for (int i = 0; i < 3; i++) {
            connections.send(message(i));
        }

        assertThat(TestMail.subjectsTo(recipient)).hasSize(3);
        assertThat(proxy.connectionsOpened()).isEqualTo(3);
        awaitOpenConnections(0);
    }

    @Test
    void aConnectionTheServerDroppedIsReplacedBeforeTheNextMessage() throws Exception {
        connections = connections(100, Duration.ofSeconds(30), Duration.ZERO);
        connections.send(message(0));

        proxy.dropAll();
        connections.send(message(1));

        assertThat(TestMail.subjectsTo(recipient)).containsExactlyInAnyOrder("message 0", "message 1");
        assertThat(proxy.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void aMessageOnAConnectionDroppedUncheckedFailsAndTheNextGoesOnANewOne() throws Exception {
        connections = connections(100, Duration.ofSeconds(30), Duration.ofHours(1));
        connections.send(message(0));

        proxy.dropAll();
        assertThatThrownBy(() -> connections.send(message(1))).isInstanceOf(MessagingException.class);
        connections.send(message(2));

        assertThat(TestMail.subjectsTo(recipient)).as("the failed message is the sender's to retry")
                .containsExactlyInAnyOrder("message 0", "message 2");
        assertThat(proxy.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void connectionsUnusedPastTheIdleTimeoutAreClosed() throws Exception {
        connections = connections(100, Duration.ofMillis(100), Duration.ofSeconds(1));
        connections.send(message(0));
        connections.closeIdle();
        assertThat(proxy.connectionsOpen()).as("not idle long enough yet").isEqualTo(1);

        Thread.sleep(150);
        connections.closeIdle();

        awaitOpenConnections(0);
        connections.send(message(1));
        assertThat(proxy.connectionsOpened()).isEqualTo(2);
        assertThat(TestMail.subjectsTo(recipient)).hasSize(2);
    }

    @Test
    void concurrentSendersTakeAConnectionEach() throws Exception {
        connections = connections(1_000, Duration.ofSeconds(30), Duration.ofSeconds(1));
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            MimeMessage message = message(i);
            sent.add(senders.submit(() -> {
                connections.send(message);
                return null;
            }));
        }
        for (Future<?> future : sent) {
            future.get();
        }
        senders.shutdown();

        assertThat(TestMail.subjectsTo(recipient)).containsExactlyInAnyOrderElementsOf(subjects(0, 100));
        assertThat(proxy.connectionsOpened()).as("at most one per sender").isBetween(1, 4);
    }

    private SmtpConnections connections(int maxMessages, Duration idleTimeout, Duration checkAfter) {
        return new SmtpConnections(mailSender, SmtpFixtures.properties(
                new MessagingProperties.ConnectionReuse(maxMessages, idleTimeout, checkAfter)), meters);
    }

    private MimeMessage message(int number) throws MessagingException {
        return SmtpFixtures.message(mailSender.getSession(), recipient, number);
    }

    private static List<String> subjects(int from, int to) {
        return IntStream.range(from, to).mapToObj(number -> "message " + number).toList();
    }

    private void awaitOpenConnections(int expected) throws InterruptedException {
        for (int wait = 0; wait < 100 && proxy.connectionsOpen() != expected; wait++) {
            Thread.sleep(20);
        }
        assertThat(proxy.connectionsOpen()).isEqualTo(expected);
    }
}
