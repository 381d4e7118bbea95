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
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code LIFECYCLE_PUBLIC_BASE_URL} written the way a browser shows it, with a trailing slash: the links in the
 * mails must still reach the engine. Otherwise every one-click unsubscribe (and open, and click) of every mail
 * answers 404, and nothing at start-up says so.
 */
@TestPropertySource(properties = "lifecycle.messaging.public-base-url=https://lifecycle.example.com/")
class PublicBaseUrlTest extends JourneyTest {

    private static final Pattern HTTP_LINK = Pattern.compile("<(http[^>]+)>");

    @Test
    void theOneClickUnsubscribeWorksWithATrailingSlashInThePublicBaseUrl() throws Exception {
        setClock(Instant.parse("2026-03-02T09:00:00Z"));
        JourneyUser user = new JourneyUser(newUserId("base-url"), client, driver);
        user.signUp();
        String header = TestMail.to(emailOf(user.id())).get(0).getHeader("List-Unsubscribe", null);
        Matcher link = HTTP_LINK.matcher(header);
        assertThat(link.find()).as(header).isTrue();
        String oneClick = link.group(1).replaceFirst("^https://lifecycle\\.example\\.com", "http://127.0.0.1:" + port);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(oneClick))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as("POST %s: %s", link.group(1), answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("You are unsubscribed");
    }
}
