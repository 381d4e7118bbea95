package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.IntegrationTest;
import io.lifecycleengine.support.LifecycleClient;
import java.net.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** Browser protections on our API and pages, and the webapps' own (CSP, CSRF token), over plain HTTP. */
class SecurityHeadersTest extends IntegrationTest {

    @Test
    void ourApiAndPagesSendBrowserProtections() {
        HttpHeaders api = client.get("/api/segments").raw().headers();
        HttpHeaders dashboard = client.get("/dashboard").raw().headers();

        for (HttpHeaders headers : new HttpHeaders[] {api, dashboard}) {
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(headers.firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("frame-ancestors 'none'", "object-src 'none'", "default-src 'self'"));
            assertThat(headers.firstValue("Strict-Transport-Security")).as("not over plain HTTP").isEmpty();
        }
        assertThat(api.firstValue("Cache-Control")).as("user data is not cached").hasValue("no-store");
    }

    @Test
    void theWebappsKeepTheirOwnPolicyAndCsrfToken() {
        LifecycleClient.Answer cockpit = client.get("/camunda/app/cockpit/default/", null);

        assertThat(cockpit.status()).isEqualTo(200);
        assertThat(cockpit.raw().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).isNotEqualTo(SecurityHeadersFilter.CONTENT_SECURITY_POLICY).contains("default-src"));
        assertThat(cockpit.raw().headers().firstValue("X-XSRF-TOKEN")).isPresent();
        assertThat(cockpit.raw().headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).contains("XSRF-TOKEN"));
    }
}
