package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.MailText;
import io.lifecycleengine.support.TestMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Every message kind, sent over real SMTP for users whose traits carry markup, template expressions, line breaks,
 * non-ASCII and very long text: nothing is evaluated or left unescaped, the headers stay the engine's own.
 */
@TestPropertySource(properties = "lifecycle.messaging.frequency-cap.max=1000")
class HostileTraitsMailTest extends IntegrationTest {

    private static final List<String> NAMES = List.of("<script>alert(1)</script>", "${'EVAL'+'UATED'}", "[[${'EVAL'+'UATED'}]]", "[(${'EVAL'+'UATED'})]",
            "__${T(java.lang.Runtime).getRuntime().availableProcessors() > 0 ? 'EVAL'+'UATED' : 'x'}__", "*{'EVAL'+'UATED'}",
            "#{'EVAL'+'UATED'}", "@{'EVAL'+'UATED'}", "~{'EVAL'+'UATED'}",
            "Zoë 山田 😀", "Ada\r\nBcc: bcc@evil.example\r\nX-Injected: yes", "Ada\nX-Injected: yes", "Ada \"quoted\" & <b>bold</b>");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    private MessagingService messaging;
    @Autowired
    private MailComposer composer;

    @Test
    void everyKindRendersForAUserWithNoTraitsAtAll() {
        String user = newUserId("no-traits");
        client.ingest("/v1/track", Map.of("userId", user, "event", "Signed In"));
        for (MailComposer.Template template : composer.templates()) {
            var preview = client.postAsAdmin("/api/templates/" + template.kind() + "/preview", Map.of("userId", user));
            assertThat(preview.status()).as(template.kind()).isEqualTo(200);
            assertThat(preview.body().path("subject").asText()).as(template.kind()).isNotBlank().doesNotContain("null");
            assertThat(preview.body().path("text").asText()).as(template.kind()).contains("there").doesNotContain("null");
        }
    }

    @Test
    void everyKindEscapesAndEvaluatesNothingOfAHostileName() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String name : NAMES) {
            for (MailComposer.Template template : composer.templates()) {
                MimeMessage mail = send(template.kind(), name);
                String what = template.kind() + " for " + name.substring(0, Math.min(40, name.length()));
                String html = MailText.html(mail);
                String text = MailText.of(mail);
                softly.assertThat(html).as(what).doesNotContain("<script>", "<b>bold");
                softly.assertThat(html + text + mail.getSubject()).as(what).doesNotContain("EVALUATED");
                softly.assertThat(mail.getHeader("X-Injected")).as(what).isNull();
                softly.assertThat(mail.getHeader("Bcc")).as(what).isNull();
                softly.assertThat(mail.getSubject()).as(what).doesNotContain("\r", "\n");
                if (name.startsWith("Zoë")) {
                    softly.assertThat(text.lines().findFirst().orElseThrow()).as(what).contains(name);
                    softly.assertThat(html).as(what).contains("<span>" + name + "</span>");
                    softly.assertThat(mail.getSubject()).as(what).contains(name);
                }
            }
        }
        softly.assertAll();
        assertThat(TestMail.deliveredToDomain("evil.example")).isEmpty();
    }

    @Test
    void aNameWithLineBreaksStaysOnTheGreetingLineOfTheTextPart() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String name : List.of("Ada\r\nLovelace\r\nReset your password: https://evil.example/reset", "Ada\nLovelace",
                "Ada\u2028Lovelace", "Ada\u0085Lovelace", "Ada\tLovelace\u000b\f")) {
            for (MailComposer.Template template : composer.templates()) {
                MimeMessage mail = send(template.kind(), name);
                String what = template.kind() + " for " + name;
                String text = MailText.of(mail);
                softly.assertThat(text.split("\\R", 2)[0]).as(what).contains("Ada Lovelace");
                softly.assertThat(text).as(what).doesNotContain("\nReset your password", "\u2028", "\u0085", "\t");
                softly.assertThat(mail.getSubject()).as(what).contains("Ada Lovelace");
            }
        }
        softly.assertAll();
    }

    @Test
    void aVeryLongNameKeepsEveryHeaderLineWithinTheLimitOfRfc5322() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (MailComposer.Template template : composer.templates()) {
            MimeMessage mail = send(template.kind(), "A".repeat(5000));
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            mail.writeTo(raw);
            String headers = raw.toString(StandardCharsets.UTF_8).split("\r\n\r\n", 2)[0];
            for (String line : headers.split("\r\n")) {
                softly.assertThat(line.length()).as(template.kind() + ": " + line.substring(0, Math.min(60, line.length())))
                        .isLessThanOrEqualTo(998);
            }
        }
        softly.assertAll();
    }

    private MimeMessage send(String kind, String firstName) {
        String user = newUserId("hostile");
        String email = UUID.randomUUID() + "@example.com";
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", email, "firstName", firstName)));
        assertThat(messaging.deliver(new MessageRequest("hostile:" + user + ":" + kind, user, kind, null)))
                .isEqualTo(MessageStatus.SENT);
        return TestMail.to(email).get(TestMail.to(email).size() - 1);
    }

    @Test
    void anEmailTraitWithALineBreakInItsDisplayNameInjectsNoHeader() throws Exception {
        String user = newUserId("crlf-email");
        String domain = UUID.randomUUID() + ".example.com";
        String recipientDomain = UUID.randomUUID() + ".example.org";
        Map<String, Object> traits = new HashMap<>();
        traits.put("email", "\"Ada\r\nBcc: eve@" + domain + "\r\nX-Injected: yes\" <ada@" + recipientDomain + ">");
        client.ingest("/v1/identify", Map.of("userId", user, "traits", traits));
        MessageStatus status = messaging.deliver(new MessageRequest("crlf:" + user, user, "win-back", null));

        assertThat(status).isEqualTo(MessageStatus.SENT);
        MimeMessage mail = TestMail.deliveredToDomain(recipientDomain).get(0);
        assertThat(mail.getAllRecipients()).as("the one mailbox; the display name stays a name").hasSize(1);
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(mail.getHeader("Bcc")).isNull();
    }

    @Test
    void theOneClickLinkOfAUserIdWithReservedAndNonAsciiCharactersUnsubscribesThatUser() throws Exception {
        String user = "ü+ &u=x#y%20/" + UUID.randomUUID();
        String email = UUID.randomUUID() + "@example.com";
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", email)));
        assertThat(messaging.deliver(new MessageRequest("odd-id:" + user, user, "win-back", null))).isEqualTo(MessageStatus.SENT);
        MimeMessage mail = TestMail.to(email).get(0);
        String header = mail.getHeader("List-Unsubscribe", null);
        assertThat(header).matches("<https?://[\\x21-\\x7e&&[^<>]]+>");
        String link = header.substring(1, header.length() - 1).replaceFirst("^https?://[^/]+", "http://127.0.0.1:" + port);

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("Unsubscribe?");

        String boundary = "b" + UUID.randomUUID();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--"
                + boundary + "--\r\n";
        HttpResponse<String> oneClick = http.send(HttpRequest.newBuilder(URI.create(link))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).as("RFC 8058 allows a multipart/form-data body").isBetween(200, 299);
        assertThat(messaging.deliver(new MessageRequest("odd-id-2:" + user, user, "welcome-back", null))).isEqualTo(MessageStatus.SKIPPED);
        assertThat(messaging.messagesOf(user)).last().extracting(SentMessage::reason).isEqualTo("unsubscribed");
    }

    @Test
    void brokenUnsubscribeAndClickLinksAnswer400NotAServerError() throws Exception {
        String base = "http://127.0.0.1:" + port;
        for (String path : List.of("/unsubscribe", "/unsubscribe?u=x", "/unsubscribe?u=x&s=%25%25%25", "/unsubscribe?u=x&s=",
                "/unsubscribe?u=x&s=AAAA&s=BBBB", "/unsubscribe?s=AAAA", "/unsubscribe?u=%00&s=~~")) {
            for (String method : List.of("GET", "POST")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                        .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(method + " " + path).isEqualTo(400);
            }
        }
        for (String path : List.of("/email/click", "/email/click?m=1", "/email/click?m=99999999999999999999&u=http://evil.example&s=AAAA",
                "/email/click?m=1&u=https://evil.example&s=AAAAAAAAAAAAAAAAAAAAAA", "/email/click?m=1&u=//evil.example&s=%25",
                "/email/open?m=x&s=y", "/email/open")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.headers().firstValue("Location")).as(path).isEmpty();
        }
    }
}
