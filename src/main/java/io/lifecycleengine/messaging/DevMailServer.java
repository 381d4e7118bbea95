package io.lifecycleengine.messaging;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/** The in-process SMTP server of the embedded default; keeps what it receives for {@code /api/dev/mail}. */
@Component
@Conditional(DevMailEnvironment.Active.class)
public class DevMailServer implements DisposableBean {

    private final GreenMail greenMail;
    private final int port;

    DevMailServer(@Value("${spring.mail.port}") int port) {
        this.port = port;
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        this.greenMail.start();
    }

    public int port() {
        return port;
    }

    List<CapturedMail> received() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(DevMailServer::captured).toList();
    }

    private static CapturedMail captured(MimeMessage message) {
        try {
            return new CapturedMail(Arrays.stream(message.getAllRecipients()).map(Object::toString).toList(),
                    message.getSubject(), message.getMessageID(),
                    message.getReceivedDate() == null ? null : message.getReceivedDate().toInstant());
        } catch (MessagingException unreadable) {
            return new CapturedMail(List.of(), "(unreadable: " + unreadable.getMessage() + ")", null, null);
        }
    }

    @Override
    public void destroy() {
        greenMail.stop();
    }

    record CapturedMail(List<String> to, String subject, String messageId, Instant receivedAt) {
    }
}
