package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admin signs in to the dashboard with HTTP Basic, and the browser then adds those credentials to any request to the
 * engine, also to a form post or a {@code no-cors} fetch from another site's page. Such a request says where it comes
 * from ({@code Origin}, {@code Sec-Fetch-Site}): a change to {@code /api} or {@code /engine-rest} from another site is
 * refused, while Modeler and curl, which send neither header, and the engine's own pages go on.
 */
class CrossSiteRequestTest extends IntegrationTest {

    private static final String EVIL = "http://evil.example";

    @Test
    void aCrossSiteDeploymentWithTheAdminsLoginIsRefused() {
        String name = "csrf-" + UUID.randomUUID();

        LifecycleClient.Answer answer = deploy(name, Map.of("Origin", EVIL, "Sec-Fetch-Site", "cross-site"));

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(403);
        assertThat(answer.body().path("error").asText()).isEqualTo("cross_site_request");
        assertThat(answer.body().path("message").asText()).contains(EVIL);
        assertThat(engine.getRepositoryService().createDeploymentQuery().deploymentName(name).count()).isZero();
    }

    @Test
    void aCrossSiteWriteKeyIsRefusedWhicheverHeaderSaysSo() {
        for (Map<String, String> crossSite : List.of(
                Map.of("Origin", EVIL, "Sec-Fetch-Site", "cross-site"),
                Map.of("Origin", EVIL),
                Map.of("Origin", "null"),
                Map.of("Origin", "http://127.0.0.1:" + (port + 1)),
                Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "same-site"))) {
            String name = "csrf " + UUID.randomUUID();

            LifecycleClient.Answer answer = issueWriteKey(name, crossSite);

            assertThat(answer.status()).as(crossSite + ": " + answer.raw().body()).isEqualTo(403);
            assertThat(answer.body().path("error").asText()).isEqualTo("cross_site_request");
            assertThat(client.getJson("/api/write-keys").findValuesAsText("name")).as(crossSite.toString()).doesNotContain(name);
        }
        assertThat(client.send("DELETE", "/api/write-keys/987654", null, Map.of("Authorization", client.adminAuthorization(),
                "Origin", EVIL)).status()).isEqualTo(403);
    }

    @Test
    void theEnginesOwnPagesModelerAndCurlGoOn() {
        String own = "http://127.0.0.1:" + port;
        for (Map<String, String> sameOrigin : List.of(
                Map.of("Origin", own, "Sec-Fetch-Site", "same-origin"),
                Map.of("Origin", own),
                Map.of("Origin", "HTTP://127.0.0.1:" + port),
                Map.of("Sec-Fetch-Site", "same-origin"),
                Map.of("Sec-Fetch-Site", "none"),
                Map.<String, String>of())) {
            assertThat(issueWriteKey("csrf " + UUID.randomUUID(), sameOrigin).status()).as(sameOrigin.toString()).isEqualTo(201);
        }
        String name = "csrf-" + UUID.randomUUID();
        assertThat(deploy(name, Map.of()).status()).as("Modeler's deploy").isEqualTo(200);
        assertThat(engine.getRepositoryService().createDeploymentQuery().deploymentName(name).count()).isOne();
    }

    @Test
    void readingFromAnotherSiteIsNotRefused() {
        Map<String, String> crossSite = Map.of("Authorization", client.adminAuthorization(), "Origin", EVIL, "Sec-Fetch-Site", "cross-site");

        assertThat(client.send("GET", "/api/segments", null, crossSite).status()).isEqualTo(200);
        assertThat(client.send("GET", "/engine-rest/deployment", null, crossSite).status()).isEqualTo(200);
        assertThat(client.send("HEAD", "/api/segments", null, crossSite).status()).isEqualTo(200);
    }

    private LifecycleClient.Answer issueWriteKey(String name, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", client.adminAuthorization());
        all.put("Content-Type", "application/json");
        return client.send("POST", "/api/write-keys", ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8), all);
    }

    /** What an attacker's page posts as a multipart form, and what Modeler's deploy sends. */
    private LifecycleClient.Answer deploy(String name, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", client.adminAuthorization());
        return client.deployAsModeler(Map.of("deployment-name", name), "probe.txt", "probe", all);
    }
}
