package io.lifecycleengine.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Where the server's own view of its origin is not the browser's: behind a proxy, on a scheme's default port. */
class CrossSiteRequestFilterTest {

    private final CrossSiteRequestFilter filter =
            new CrossSiteRequestFilter(new JsonErrors(new ObjectMapper()), "https://lifecycle.example.com/");

    @Test
    void behindAProxyThePublicBaseUrlIsTheEnginesOwnOrigin() throws Exception {
        assertThat(answer("http", "127.0.0.1", 8080, "https://lifecycle.example.com")).isEqualTo(200);
        assertThat(answer("http", "127.0.0.1", 8080, "https://LIFECYCLE.example.com:443")).isEqualTo(200);
        assertThat(answer("http", "127.0.0.1", 8080, "http://lifecycle.example.com")).isEqualTo(403);
        assertThat(answer("http", "127.0.0.1", 8080, "https://lifecycle.example.com.evil.example")).isEqualTo(403);
    }

    @Test
    void aDefaultPortIsTheSameOriginWrittenOrNot() throws Exception {
        assertThat(answer("https", "engine.internal", 443, "https://engine.internal")).isEqualTo(200);
        assertThat(answer("http", "engine.internal", 80, "http://engine.internal:80")).isEqualTo(200);
        assertThat(answer("http", "::1", 8080, "http://[::1]:8080")).isEqualTo(200);
        assertThat(answer("https", "engine.internal", 443, "https://engine.internal:8443")).isEqualTo(403);
        assertThat(answer("https", "engine.internal", 443, "not an origin")).isEqualTo(403);
    }

    private int answer(String scheme, String serverName, int serverPort, String origin) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/write-keys");
        request.setScheme(scheme);
        request.setServerName(serverName);
        request.setServerPort(serverPort);
        request.addHeader("Origin", origin);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }
}
