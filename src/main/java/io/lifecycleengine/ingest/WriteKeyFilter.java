package io.lifecycleengine.ingest;

import io.lifecycleengine.system.JsonErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns away a wrong write key in the Authorization header before the body is read, and bodies over
 * Segment's 500 KB batch limit. A call without the header must carry {@code writeKey} in its body. Bodies
 * may be gzip-compressed ({@code Content-Encoding: gzip}, as RudderStack's SDKs send by default); the limit
 * applies to the unpacked body.
 */
class WriteKeyFilter extends OncePerRequestFilter {

    static final long MAX_BODY_BYTES = 500 * 1024;
    private static final Set<String> GZIP = Set.of("gzip", "x-gzip");

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
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean gzip = encoding != null && GZIP.contains(encoding.trim().toLowerCase(Locale.ROOT));
        if (encoding != null && !gzip && !"identity".equalsIgnoreCase(encoding.trim())) {
            errors.write(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Content-Encoding: '" + encoding + "' is not supported; send the body as gzip or uncompressed");
            return;
        }
        chain.doFilter(new LimitedBodyRequest(request, MAX_BODY_BYTES, gzip), response);
    }
}
