package io.lifecycleengine.ingest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Names refused ingest calls in the log: an SDK with a wrong write key or a bad payload drops what it sent, and
 * without a line here nobody running the engine would know. One line per {@link #QUIET} at most, counting the
 * calls refused since the line before; the line names the client and our answer, never the payload.
 */
class RefusedCallLog extends OncePerRequestFilter {

    static final Duration QUIET = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(RefusedCallLog.class);
    private static final int MAX_TEXT = 300;

    private final Clock clock;
    private Instant lastLine;
    private long unlogged;

    RefusedCallLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, answer);
            int status = answer.getStatus();
            if (status >= 400 && status < 500) {
                refused(request, status, new String(answer.getContentAsByteArray(), StandardCharsets.UTF_8));
            }
        } finally {
            answer.copyBodyToResponse();
        }
    }

    private void refused(HttpServletRequest request, int status, String answer) {
        long before;
        synchronized (this) {
            Instant now = clock.instant();
            if (lastLine != null && !now.isBefore(lastLine) && now.isBefore(lastLine.plus(QUIET))) {
                unlogged++;
                return;
            }
            before = unlogged;
            unlogged = 0;
            lastLine = now;
        }
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        log.warn("Refused {} {} from {} ({}): {} {}{}", request.getMethod(), shortened(request.getRequestURI()),
                request.getRemoteAddr(), userAgent == null ? "no user agent" : shortened(userAgent), status, shortened(answer),
                before == 0 ? "" : " (and " + before + " more refused calls since the last such line)");
    }

    private static String shortened(String text) {
        String line = text.replaceAll("\\p{Cntrl}+", " ");
        return line.length() <= MAX_TEXT ? line : line.substring(0, MAX_TEXT) + "…";
    }
}
