package io.lifecycleengine.messaging;

import io.lifecycleengine.support.TestMail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * What an SMTP connection per message costs beside a reused one: {@code bench.messages} messages (500) one after
 * another to a real SMTP server on this machine (GreenMail, in this JVM), through {@link SmtpConnections} with one
 * message per connection and with the default reuse, in {@code bench.rounds} (3) alternating rounds; then where a
 * new connection's time goes (open, message, close). CPU is this JVM's, client and server together. Writes
 * {@code target/smtp-connection-benchmark.md}. Run by
 * {@code ./mvnw -q test-compile surefire:test -Dtest=SmtpConnectionBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SmtpConnectionBenchmark {

    private final int messages = Integer.getInteger("bench.messages", 500);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final JavaMailSenderImpl mailSender = new JavaMailSenderImpl();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Test
    void connectionPerMessageBesideReusedConnections() throws Exception {
        mailSender.setHost("127.0.0.1");
        mailSender.setPort(TestMail.port());
        StringBuilder report = new StringBuilder("| round | connections | wall per message | CPU per message |\n|---|---|---|---|\n");
        for (int round = 1; round <= rounds; round++) {
            for (int maxMessages : new int[] {1, 100}) {
                SmtpConnections connections = new SmtpConnections(mailSender, properties(maxMessages), new SimpleMeterRegistry());
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    connections.send(message(i));
                }
                long wall = System.nanoTime() - start;
                cpu = os.getProcessCpuTime() - cpu;
                connections.closeAll();
                report.append(String.format(Locale.ROOT, "| %d | %s | %.2f ms | %.2f ms |%n", round,
                        maxMessages == 1 ? "one per message" : "reused (100 messages each)",
                        wall / 1e6 / messages, cpu / 1e6 / messages));
            }
        }
        report.append("\n").append(newConnectionPhases());
        Files.writeString(Path.of("target/smtp-connection-benchmark.md"), report);
        System.out.print(report);
    }

    /** A connection per message, timed in its three parts. */
    private String newConnectionPhases() throws MessagingException, IOException {
        long open = 0;
        long send = 0;
        long close = 0;
        for (int i = 0; i < messages; i++) {
            MimeMessage message = message(i);
            message.saveChanges();
            long start = System.nanoTime();
            Transport transport = mailSender.getSession().getTransport("smtp");
            transport.connect(mailSender.getHost(), mailSender.getPort(), null, null);
            long opened = System.nanoTime();
            transport.sendMessage(message, message.getAllRecipients());
            long sent = System.nanoTime();
            transport.close();
            open += opened - start;
            send += sent - opened;
            close += System.nanoTime() - sent;
        }
        return String.format(Locale.ROOT, "A new connection per message, per message: open (connect, greeting, EHLO) %.2f ms, "
                + "the message %.2f ms, close (QUIT) %.2f ms%n", open / 1e6 / messages, send / 1e6 / messages, close / 1e6 / messages);
    }

    private static MessagingProperties properties(int maxMessages) {
        return SmtpFixtures.properties(new MessagingProperties.ConnectionReuse(maxMessages, Duration.ofMinutes(1),
                Duration.ofSeconds(1)));
    }

    private MimeMessage message(int number) throws MessagingException {
        return SmtpFixtures.message(mailSender.getSession(), "bench-" + UUID.randomUUID() + "@example.org", number);
    }
}
