package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.TestMail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An unsubscribe is the person's, not one of their ids': when alias merges the user who unsubscribed into another
 * id, the surviving user (same person, same address) must get no more marketing email, whether the one-click
 * unsubscribe came before the alias or from a mail sent before it and clicked after it.
 */
class MergedUnsubscribeTest extends JourneyTest {

    private static final Pattern HTTP_LINK = Pattern.compile("<(http[^>]+)>");
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void mondayMorning() {
        setClock(Instant.parse("2026-03-02T09:00:00Z"));
    }

    @Test
    void aUserWhoUnsubscribedBeforeAnAliasGetsNoMarketingMailAfterIt() throws Exception {
        JourneyUser before = new JourneyUser(newUserId("unsub-then-alias"), client, driver);
        before.signUp();
        String oneClick = oneClickLinkOf(emailOf(before.id()));
        assertThat(post(oneClick).statusCode()).isEqualTo(200);
        String after = before.id() + "-new";

        client.ingest("/v1/alias", Map.of("previousId", before.id(), "userId", after));
        settle(before.id(), after);
        client.ingest("/v1/track", Map.of("userId", after, "event", "Pricing Page Viewed"));
        settle(before.id(), after);

        assertThat(client.getJson("/api/users/" + after).path("stage").asText()).isEqualTo("HIGH_INTENT");
        assertThat(TestMail.subjectsTo(emailOf(before.id())))
                .as("the person unsubscribed before the alias; messages: %s", messagesOf(after))
                .containsExactly("Acme: welcome aboard, Ada");
        assertThat(messagesOf(after)).contains("upgrade-prompt:skipped:unsubscribed");
    }

    @Test
    void theOneClickLinkOfAMailSentBeforeAnAliasStillUnsubscribesThePerson() throws Exception {
        JourneyUser before = new JourneyUser(newUserId("alias-then-unsub"), client, driver);
        before.signUp();
        String oneClick = oneClickLinkOf(emailOf(before.id()));
        String after = before.id() + "-new";
        client.ingest("/v1/alias", Map.of("previousId", before.id(), "userId", after));
        settle(before.id(), after);

        HttpResponse<String> unsubscribed = post(oneClick);
        assertThat(unsubscribed.statusCode()).isEqualTo(200);
        assertThat(unsubscribed.body()).contains("You are unsubscribed");
        client.ingest("/v1/track", Map.of("userId", after, "event", "Pricing Page Viewed"));
        settle(before.id(), after);

        assertThat(client.getJson("/api/users/" + after).path("stage").asText()).isEqualTo("HIGH_INTENT");
        assertThat(TestMail.subjectsTo(emailOf(before.id())))
                .as("the page said 'You are unsubscribed'; messages: %s", messagesOf(after))
                .containsExactly("Acme: welcome aboard, Ada");
    }

    private java.util.List<String> messagesOf(String userId) {
        return new JourneyUser(userId, client, driver).messages();
    }

    /** Journeys keep their first business key after an alias: settles by every id involved, twice. */
    private void settle(String... ids) {
        for (int round = 0; round < 2; round++) {
            for (String id : ids) {
                driver.settle(id);
            }
        }
    }

    private String oneClickLinkOf(String recipient) throws Exception {
        String header = TestMail.to(recipient).get(0).getHeader("List-Unsubscribe", null);
        Matcher link = HTTP_LINK.matcher(header);
        assertThat(link.find()).as(header).isTrue();
        return link.group(1).replaceFirst("^https?://[^/]+", "http://127.0.0.1:" + port);
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
