package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.MailText;
import io.lifecycleengine.support.TestMail;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;

/**
 * The open pixel and signed click redirects of real mails: recorded once in the message's history, as
 * Email spec events of the user that feed the content dimension, and as activity that brings an
 * inactive user back. Tampered links are refused.
 */
class EmailFeedbackTest extends JourneyTest {

    private static final Pattern PIXEL = Pattern.compile("<img src=\"([^\"]+/email/open[^\"]+)\"");
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private JourneyUser user;

    @BeforeEach
    void newUser() {
        setClock(Instant.parse("2026-03-02T09:00:00Z"));
        user = new JourneyUser(newUserId("feedback"), client, driver);
    }

    @Test
    void opensAndClicksGoIntoTheHistoryOnceAndIntoTheProfileAsEmailEvents() throws Exception {
        user.identify(Map.of("email", emailOf(user.id()), "firstName", "Ada"));
        String html = MailText.html(lastMail());
        List<String> links = links(html);
        assertThat(links).as("every link but unsubscribe goes through the click redirect")
                .anySatisfy(link -> assertThat(link).contains("/email/click?m="))
                .allSatisfy(link -> assertThat(link).matches(".*/(email/click|unsubscribe)\\?.*"));

        for (int open = 0; open < 3; open++) {
            HttpResponse<byte[]> pixel = http.send(get(pixelIn(html)), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pixel.statusCode()).isEqualTo(200);
            assertThat(pixel.headers().firstValue("Content-Type")).hasValue("image/gif");
            assertThat(pixel.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        String tracked = trackedLink(html);
        HttpResponse<String> click = http.send(get(tracked), HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location")).hasValue(destinationOf(tracked));
        driver.settle(user.id());

        JsonNode welcome = user.messagesJson().get(0);
        assertThat(welcome.path("history").findValuesAsText("status")).containsExactly("queued", "sent", "opened", "clicked");
        JsonNode profile = client.getJson("/api/users/" + user.id()).path("profile");
        assertThat(profile.path("content30d").path("email").asInt()).as("three opens count once, plus the click").isEqualTo(2);
        assertThat(client.getJson("/api/users/" + user.id()).path("segments").path("content").asText())
                .isEqualTo("email-engager");
    }

    @Test
    void aTamperedLinkIsRefusedAndRecordsNothing() throws Exception {
        user.identify(Map.of("email", emailOf(user.id())));
        String html = MailText.html(lastMail());
        String tracked = trackedLink(html);
        String elsewhere = tracked.replaceFirst("u=[^&]+", "u=" + URLEncoder.encode("https://evil.example/", StandardCharsets.UTF_8));
        String otherMessage = tracked.replaceFirst("m=(\\d+)", "m=999999");
        String pixel = pixelIn(html);

        for (String tampered : List.of(elsewhere, otherMessage, tracked.replaceFirst("&s=.*", ""),
                pixel.replaceFirst("s=[^&]+", "s=AAAAAAAAAAAAAAAAAAAAAA"), pixel.replaceFirst("m=\\d+", "m=abc"))) {
            HttpResponse<String> refused = http.send(get(tampered), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(tampered).isEqualTo(400);
            assertThat(refused.body()).contains("\"message\":");
            assertThat(refused.headers().firstValue("Location")).isEmpty();
        }

        assertThat(user.messagesJson().get(0).path("history").findValuesAsText("status")).containsExactly("queued", "sent");
        assertThat(client.getJson("/api/users/" + user.id()).path("profile").path("content30d").path("email").asInt())
                .isZero();
    }

    @Test
    void aClickInTheReEngagementMailBringsAnInactiveUserBack() throws Exception {
        user.identify(Map.of("email", emailOf(user.id()), "firstName", "Ada"));
        user.track("Report Viewed");
        driver.advance(Duration.ofDays(2));
        user.track("Report Viewed");
        driver.fireTimer(user.id());
        assertThat(user.stage()).isEqualTo("INACTIVE");
        MimeMessage reEngagement = lastMail();
        assertThat(TestMail.subject(reEngagement)).startsWith("We have missed you");
        driver.advance(Duration.ofDays(1));

        http.send(get(trackedLink(MailText.html(reEngagement))), HttpResponse.BodyHandlers.discarding());
        driver.settle(user.id());

        assertThat(user.stage()).isEqualTo("ACTIVE");
        assertThat(TestMail.subject(lastMail())).isEqualTo("Welcome back to Acme, Ada!");
    }

    private MimeMessage lastMail() {
        List<MimeMessage> mails = TestMail.to(emailOf(user.id()));
        assertThat(mails).isNotEmpty();
        return mails.get(mails.size() - 1);
    }

    private static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher href = HREF.matcher(html);
        while (href.find()) {
            links.add(HtmlUtils.htmlUnescape(href.group(1)));
        }
        return links;
    }

    private String trackedLink(String html) {
        return onThisServer(links(html).stream().filter(link -> link.contains("/email/click")).findFirst().orElseThrow());
    }

    private String pixelIn(String html) {
        Matcher pixel = PIXEL.matcher(html);
        assertThat(pixel.find()).as("open pixel in %s", html).isTrue();
        return onThisServer(HtmlUtils.htmlUnescape(pixel.group(1)));
    }

    private static String destinationOf(String tracked) {
        Matcher destination = Pattern.compile("[?&]u=([^&]+)").matcher(tracked);
        assertThat(destination.find()).isTrue();
        return URLDecoder.decode(destination.group(1), StandardCharsets.UTF_8);
    }

    private String onThisServer(String url) {
        return url.replaceFirst("^https?://[^/]+", "http://127.0.0.1:" + port);
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }
}
