package io.lifecycleengine.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** One real SMTP server (GreenMail) for the whole test JVM; tests tell their mail apart by recipient. */
public final class TestMail {

    private static final int PORT = freePort();
    private static GreenMail server = start();

    private TestMail() {
    }

    public static int port() {
        return PORT;
    }

    public static synchronized void stop() {
        server.stop();
    }

    /** Starts the server again on the same port, keeping nothing it received before. */
    public static synchronized void restart() {
        server.stop();
        server = start();
    }

    public static synchronized List<MimeMessage> to(String recipient) {
        return Arrays.stream(server.getReceivedMessages()).filter(message -> sentTo(message, recipient)).toList();
    }

    /**
     * The messages the server delivered to mailboxes of the domain: by the SMTP envelope's recipients, whatever the
     * To header says.
     */
    public static synchronized List<MimeMessage> deliveredToDomain(String domain) {
        return List.of(server.getReceivedMessagesForDomain(domain));
    }

    public static List<String> subjectsTo(String recipient) {
        return to(recipient).stream().map(TestMail::subject).toList();
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean sentTo(MimeMessage message, String recipient) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(address -> address.toString().equals(recipient));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail start() {
        GreenMail greenMail = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return greenMail;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
