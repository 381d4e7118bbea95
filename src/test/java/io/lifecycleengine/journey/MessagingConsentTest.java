package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.TestMail;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consent and fatigue on real journeys and a real SMTP server: one-click unsubscribe (RFC 8058) from the
 * mail's own header, the confirmation page, tampered links, opt-out by trait, and the frequency cap.
 */
class MessagingConsentTest extends JourneyTest {

    private static final Pattern HTTPS_LINK = Pattern.compile("<(http[^>]+)>");
    private final HttpClient http = HttpClient.newHttpClient();

    private JourneyUser journeyUser;
    private String user;

    @BeforeEach
    void newUser() {
        setClock(Instant.parse("2026-03-02T09:00:00Z"));
        user = newUserId("consent");
        journeyUser = new JourneyUser(user, client, driver);
    }

    @Test
    void everyMarketingMailOffersOneClickUnsubscribeAndPostingItSuppressesLaterSends() throws Exception {
        journeyUser.identify(Map.of("email", emailOf(user), "firstName", "Ada"));
        MimeMessage welcome = TestMail.to(emailOf(user)).get(0);
        String listUnsubscribe = welcome.getHeader("List-Unsubscribe", null);
        assertThat(listUnsubscribe).as("the one-click link alone: no mailbox reads a mailto").startsWith("<http")
                .endsWith(">").doesNotContain("mailto:", ",");
        assertThat(welcome.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(welcome.getMessageID()).startsWith("<").endsWith("@lifecycle-engine>");

        HttpResponse<String> oneClick = post(link(listUnsubscribe), "List-Unsubscribe=One-Click");
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).contains("You are unsubscribed");

        activate();
        assertThat(journeyUser.stage()).as("the journey goes on").isEqualTo("ACTIVE");
        assertThat(journeyUser.messages()).containsExactly("welcome:sent", "feature-guide:skipped:unsubscribed");
        assertThat(TestMail.to(emailOf(user))).hasSize(1);
    }

    @Test
    void theLinkInTheMailBodyShowsAConfirmationPageAndOnlyItsButtonUnsubscribes() throws Exception {
        journeyUser.identify(Map.of("email", emailOf(user), "firstName", "Ada"));
        String bodyLink = unescapedLinkIn(io.lifecycleengine.support.MailText.of(TestMail.to(emailOf(user)).get(0)));

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(bodyLink)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"").contains("Unsubscribe?");
        activate();
        assertThat(journeyUser.messages()).as("opening the page changed nothing").containsExactly("welcome:sent", "feature-guide:sent");

        assertThat(post(bodyLink, "").statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(bodyLink)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("You are unsubscribed");
    }

    @Test
    void aTamperedLinkIsRefusedAndChangesNothing() throws Exception {
        journeyUser.identify(Map.of("email", emailOf(user), "firstName", "Ada"));
        String genuine = link(TestMail.to(emailOf(user)).get(0).getHeader("List-Unsubscribe", null));
        String otherUser = newUserId("victim");
        String forUserChanged = genuine.replace(java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8), otherUser);
        String signatureChanged = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("AA") ? "BB" : "AA");

        for (String tampered : List.of(forUserChanged, signatureChanged, genuine.substring(0, genuine.indexOf("&s=")))) {
            HttpResponse<String> refused = post(tampered, "List-Unsubscribe=One-Click");
            assertThat(refused.statusCode()).as(tampered).isEqualTo(400);
            assertThat(refused.body()).contains("\"message\":\"This unsubscribe link is not valid");
            HttpResponse<String> opened = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tampered)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(tampered).isEqualTo(400);
            assertThat(opened.body()).as("a page for the person who opened it").contains("This link does not work")
                    .doesNotContain("<form");
        }

        activate();
        assertThat(journeyUser.messages()).containsExactly("welcome:sent", "feature-guide:sent");
    }

    @Test
    void anIdentifyTraitOptsOutOfMarketingButOrderMailStillArrives() throws Exception {
        journeyUser.identify(Map.of("email", emailOf(user), "firstName", "Ada", "unsubscribed", true));
        journeyUser.track("Pricing Page Viewed");
        journeyUser.track("Order Completed", Map.of("revenue", 30));

        assertThat(journeyUser.messages()).containsExactly("welcome:skipped:unsubscribed", "upgrade-prompt:skipped:unsubscribed",
                "order-thanks:sent");
        assertThat(TestMail.subjectsTo(emailOf(user))).containsExactly("Thank you for your order, Ada");
        assertThat(TestMail.to(emailOf(user)).get(0).getHeader("List-Unsubscribe"))
                .as("transactional mail offers no unsubscribe, as it cannot stop it").isNull();
    }

    @Test
    void anEmailProvidersUnsubscribedEventOptsOutUntilAnIdentifySetsTheTraitBack() {
        journeyUser.identify(Map.of("email", emailOf(user), "firstName", "Ada"));
        journeyUser.track("Unsubscribed", Map.of("email_id", "m-1"));
        journeyUser.track("Pricing Page Viewed");
        journeyUser.track("Order Completed", Map.of("revenue", 30));

        assertThat(journeyUser.messages()).containsExactly("welcome:sent", "upgrade-prompt:skipped:unsubscribed",
                "order-thanks:sent");
        assertThat(client.getJson("/api/users/" + user).path("traits").path("unsubscribed").asBoolean()).isTrue();

        driver.advance(Duration.ofDays(1));
        journeyUser.identify(Map.of("unsubscribed", false));
        journeyUser.track("Pricing Page Viewed");
        assertThat(journeyUser.messages()).last().as("subscribed again").isEqualTo("upgrade-prompt:sent");
    }

    @Test
    void theFrequencyCapSkipsTheFourthMarketingMailOfAWeekAndTheJourneyGoesOn() {
        journeyUser.identify(Map.of("email", emailOf(user), "firstName", "Ada"));
        for (int round = 0; round < 3; round++) {
            journeyUser.track("Pricing Page Viewed");
            journeyUser.track("Order Completed", Map.of("revenue", 10));
        }

        assertThat(journeyUser.messages()).containsExactly("welcome:sent", "upgrade-prompt:sent", "order-thanks:sent",
                "upgrade-prompt:sent", "order-thanks:sent", "upgrade-prompt:skipped:frequency-cap", "order-thanks:sent");
        assertThat(journeyUser.stage()).isEqualTo("ACTIVE");
        JsonNode capped = journeyUser.messagesJson().get(5);
        assertThat(capped.path("history").findValuesAsText("status")).containsExactly("queued", "skipped");
        assertThat(capped.path("history").get(1).path("reason").asText()).isEqualTo("frequency-cap");

        driver.advance(Duration.ofDays(8));
        journeyUser.track("Pricing Page Viewed");
        assertThat(journeyUser.messages()).last().as("a week later the cap has room again").isEqualTo("upgrade-prompt:sent");
    }

    private void activate() {
        journeyUser.track("Report Viewed");
        driver.advance(Duration.ofDays(2));
        journeyUser.track("Report Viewed");
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The https link of a List-Unsubscribe header, pointed at this test's server. */
    private String link(String listUnsubscribe) {
        Matcher https = HTTPS_LINK.matcher(listUnsubscribe);
        assertThat(https.find()).as(listUnsubscribe).isTrue();
        return onThisServer(https.group(1));
    }

    private String unescapedLinkIn(String text) {
        Matcher line = Pattern.compile("Unsubscribe: (\\S+)").matcher(text);
        assertThat(line.find()).as(text).isTrue();
        return onThisServer(line.group(1));
    }

    private String onThisServer(String url) {
        return url.replaceFirst("^https?://[^/]+", "http://127.0.0.1:" + port);
    }
}
