package io.lifecycleengine.messaging;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.MimeMessageHelper;

/** What the SMTP connection test and benchmark send, and the settings they send it with. */
final class SmtpFixtures {

    private SmtpFixtures() {
    }

    static MessagingProperties properties(MessagingProperties.ConnectionReuse reuse) {
        return new MessagingProperties("sender@example.org", "Acme", "http://127.0.0.1", "secret", null, null, null,
                null, null, null, reuse);
    }

    /** A multipart message with subject {@code message <number>}. */
    static MimeMessage message(Session session, String recipient, int number) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom("sender@example.org");
        helper.setTo(recipient);
        helper.setSubject("message " + number);
        helper.setText("text " + number, "<p>html " + number + "</p>");
        return message;
    }
}
