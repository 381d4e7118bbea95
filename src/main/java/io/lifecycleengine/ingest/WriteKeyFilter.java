package io.lifecycleengine.ingest;

import io.lifecycleengine.system.BasicCredentials;
import io.lifecycleengine.system.JsonErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/** Ingest authentication as Segment does it: HTTP Basic with the write key as user and an empty password. */
class WriteKeyFilter extends OncePerRequestFilter {

    private final String writeKey;
    private final JsonErrors errors;

    WriteKeyFilter(String writeKey, JsonErrors errors) {
        this.writeKey = writeKey;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean valid = BasicCredentials.parse(request.getHeader(HttpHeaders.AUTHORIZATION))
                .map(credentials -> BasicCredentials.secretEquals(writeKey, credentials.user()))
                .orElse(false);
        if (!valid) {
            errors.unauthorized(response, "ingest", "A valid write key is required as the HTTP Basic user name.");
            return;
        }
        chain.doFilter(request, response);
    }
}
