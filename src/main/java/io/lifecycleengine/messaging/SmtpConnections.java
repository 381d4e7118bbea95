package io.lifecycleengine.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * SMTP connections kept open between messages. A connection per message costs the TCP handshake, the greeting
 * and EHLO (and against a provider STARTTLS and AUTH): 48 ms a message against a server on the same machine, 44 ms of
 * it opening the connection, against 4–5 ms on an open connection (docs/benchmarks.md). Each connection serves one
 * sender at a time; one unused for a while is checked with NOOP before it carries the next message, and one that
 * carried its share of messages, failed, or stayed unused past the idle timeout is closed.
 */
@Component
class SmtpConnections {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);

    private final JavaMailSenderImpl mailSender;
    private final MessagingProperties.ConnectionReuse reuse;
    /** Most recently used first, so that connections beyond the current need age out. */
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Counter opened;

    SmtpConnections(JavaMailSenderImpl mailSender, MessagingProperties properties, MeterRegistry meters) {
        this.mailSender = mailSender;
        this.reuse = properties.connectionReuse();
        this.opened = Counter.builder("lifecycle.messaging.smtp.connections.opened")
                .description("SMTP connections opened to send messages").register(meters);
        Gauge.builder("lifecycle.messaging.smtp.connections.idle", idle, Deque::size)
                .description("SMTP connections open and waiting for the next message").register(meters);
    }

    /**
     * Hands the message to the SMTP server on an open connection, or a new one if none is free.
     *
     * @throws MessagingException when the server did not take the message; the connection is closed
     */
    void send(MimeMessage message) throws MessagingException {
        message.saveChanges();
        Connection connection = take();
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException failed) {
            close(connection);
            throw failed;
        }
        if (++connection.messages >= reuse.maxMessages()) {
            close(connection);
        } else {
            connection.idleSince = System.nanoTime();
            idle.offerFirst(connection);
        }
    }

    /** Closes the connections unused for longer than the idle timeout. */
    @Scheduled(initialDelay = 5_000, fixedDelay = 5_000)
    void closeIdle() {
        for (Connection connection : idle) {
            // whoever removes a connection from the deque owns it: a sender may have just taken it
            if (connection.idleFor() >= reuse.idleTimeout().toNanos() && idle.remove(connection)) {
                close(connection);
            }
        }
    }

    @PreDestroy
    void closeAll() {
        for (Connection connection; (connection = idle.pollFirst()) != null; ) {
            close(connection);
        }
    }

    private Connection take() throws MessagingException {
        for (Connection connection; (connection = idle.pollFirst()) != null; ) {
            // isConnected() asks the server with NOOP: it may have dropped a connection left unused for a while
            if (connection.idleFor() < reuse.checkAfter().toNanos() || connection.transport.isConnected()) {
                return connection;
            }
            close(connection);
        }
        return open();
    }

    private Connection open() throws MessagingException {
        String protocol = mailSender.getProtocol() != null ? mailSender.getProtocol() : "smtp";
        Transport transport = mailSender.getSession().getTransport(protocol);
        String username = mailSender.getUsername();
        String password = mailSender.getPassword();
        // empty credentials mean none, as for Spring's own sender: the server is not asked to authenticate
        boolean anonymous = username == null || username.isEmpty();
        transport.connect(mailSender.getHost(), mailSender.getPort(), anonymous ? null : username,
                anonymous && (password == null || password.isEmpty()) ? null : password);
        opened.increment();
        return new Connection(transport);
    }

    private static void close(Connection connection) {
        try {
            connection.transport.close();
        } catch (MessagingException | RuntimeException alreadyGone) {
            log.debug("SMTP connection closed with an error: {}", alreadyGone.getMessage());
        }
    }

    private static final class Connection {

        private final Transport transport;
        private int messages;
        private long idleSince = System.nanoTime();

        private Connection(Transport transport) {
            this.transport = transport;
        }

        private long idleFor() {
            return System.nanoTime() - idleSince;
        }
    }
}
