package io.lifecycleengine.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient.Answer;
import io.lifecycleengine.support.TestMail;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/templates}: the list of templates and previews rendered for real users without sending. */
class TemplateApiTest extends IntegrationTest {

    @Test
    void listsEveryMessageKindWithItsPolicyAndWhatItsVariantsDependOn() {
        Map<String, JsonNode> templates = new HashMap<>();
        client.getJson("/api/templates").forEach(template -> templates.put(template.path("kind").asText(), template));

        assertThat(templates).containsOnlyKeys("welcome", "feature-guide", "upgrade-prompt", "high-intent-follow-up",
                "order-thanks", "re-engagement", "re-engagement-reminder", "win-back", "welcome-back");
        assertThat(templates.get("order-thanks").path("marketing").asBoolean()).isFalse();
        assertThat(templates.get("welcome").path("marketing").asBoolean()).isTrue();
        assertThat(templates.get("feature-guide").path("variesBy").toString()).isEqualTo("[\"segment:usage\"]");
        assertThat(templates.get("upgrade-prompt").path("variesBy").toString()).isEqualTo("[\"intent\"]");
    }

    @Test
    void previewRendersForTheUserEscapesTraitsInHtmlAndSendsNothing() {
        String user = newUserId("preview");
        client.ingest("/v1/identify", Map.of("userId", user,
                "traits", Map.of("email", emailOf(user), "firstName", "<script>alert(1)</script>")));
        client.ingest("/v1/track", Map.of("userId", user, "event", "Demo Requested"));

        Answer preview = client.postAsAdmin("/api/templates/upgrade-prompt/preview", Map.of("userId", user));

        assertThat(preview.status()).isEqualTo(200);
        JsonNode mail = preview.body();
        assertThat(mail.path("to").asText()).isEqualTo(emailOf(user));
        assertThat(mail.path("subject").asText()).isEqualTo("<script>alert(1)</script>, ready to get more out of Acme?");
        assertThat(mail.path("preheader").asText()).isEqualTo("Pick up right where you left off");
        assertThat(mail.path("html").asText()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
                .contains("Thanks for asking for a demo");
        assertThat(mail.path("text").asText()).contains("demo");
        assertThat(mail.path("wouldSkip").asText(null)).isNull();
        assertThat(TestMail.to(emailOf(user))).isEmpty();
        assertThat(client.getJson("/api/users/" + user + "/messages")).isEmpty();
    }

    @Test
    void aUserWithoutANameIsNotCalledThere() {
        String user = newUserId("preview");
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));

        JsonNode mail = client.postAsAdmin("/api/templates/upgrade-prompt/preview", Map.of("userId", user)).body();

        assertThat(mail.path("subject").asText()).isEqualTo("Ready to get more out of Acme?");
        assertThat(mail.path("html").asText()).contains("Ready for more, <span>there</span>?");
    }

    @Test
    void namesWhatIsWrongWithAPreviewRequest() {
        String user = newUserId("preview");
        client.ingest("/v1/identify", Map.of("userId", user, "traits", Map.of("email", emailOf(user))));

        Answer unknownKind = client.postAsAdmin("/api/templates/birthday/preview", Map.of("userId", user));
        assertThat(unknownKind.status()).isEqualTo(404);
        assertThat(unknownKind.body().path("message").asText()).isEqualTo("No template for message kind 'birthday'");
        Answer unknownUser = client.postAsAdmin("/api/templates/welcome/preview", Map.of("userId", "nobody-" + user));
        assertThat(unknownUser.status()).isEqualTo(404);
        assertThat(unknownUser.body().path("message").asText()).isEqualTo("No user 'nobody-" + user + "'");
        Answer noUser = client.postAsAdmin("/api/templates/welcome/preview", Map.of());
        assertThat(noUser.status()).isEqualTo(400);
        assertThat(noUser.body().path("message").asText()).isEqualTo("body: userId is required");
    }
}
