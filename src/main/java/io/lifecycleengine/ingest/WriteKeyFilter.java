package io.lifecycleengine.ingest;

import io.lifecycleengine.system.JsonErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns away a wrong write key in the Authorization header before the body is read, and bodies over
 * Segment's 500 KB batch limit. A call without the header must carry {@code writeKey} in its body.
 */
class WriteKeyFilter extends OncePerRequestFilter {

    static final long MAX_BODY_BYTES = 500 * 1024;

    private final WriteKeys writeKeys;
    private final JsonErrors errors;

    WriteKeyFilter(WriteKeys writeKeys, JsonErrors errors) {
        this.writeKeys = writeKeys;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!writeKeys.checkHeader(request)) {
            errors.unauthorized(response, WriteKeys.REALM, "The write key in the Authorization header is not valid.");
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            errors.write(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request",
                    "body: larger than " + MAX_BODY_BYTES / 1024 + " KB");
            return;
        }
        chain.doFilter(new LimitedBodyRequest(request, MAX_BODY_BYTES), response);
    }
}
