package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifecycleengine.support.AppProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind TLS ({@code LIFECYCLE_SECURE_COOKIES=true}) every cookie the webapps set is Secure. The packaged application
 * in a process of its own: a second engine in the test JVM would be the one Camunda's REST API finds by name.
 */
class SecureCookiesIT {

    @TempDir
    Path dir;

    @Test
    void behindTlsTheWebappsCookiesAreSecure() throws Exception {
        Map<String, String> environment = Map.of("LIFECYCLE_SECURE_COOKIES", "true",
                "LIFECYCLE_H2_FILE", dir.resolve("lifecycle").toAbsolutePath().toString(),
                "LIFECYCLE_JOURNEY_MIGRATION_AUTO", "false");
        try (AppProcess app = AppProcess.start("secure-cookies-" + UUID.randomUUID().toString().substring(0, 8),
                AppProcess.freePort(), environment)) {
            HttpResponse<String> cockpit = app.get("/camunda/app/cockpit/default/", null);
            List<String> cookies = cockpit.headers().allValues("Set-Cookie");

            assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=").containsIgnoringCase("Secure"));
            assertThat(cookies).filteredOn(cookie -> cookie.startsWith("XSRF-TOKEN=")).isNotEmpty()
                    .allSatisfy(cookie -> assertThat(cookie).as("the CSRF cookie").containsIgnoringCase("Secure"));
        }
    }
}
