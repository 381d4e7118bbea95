package io.lifecycleengine.system;

import io.lifecycleengine.journey.EngineUsers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /api}, the dashboard and the Prometheus endpoint require HTTP Basic with an engine login (the
 * Cockpit one): admins may do everything, analysts may read (GET) only.
 */
class AdminApiFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AdminApiFilter.class);

    private final EngineUsers users;
    private final JsonErrors errors;

    AdminApiFilter(EngineUsers users, JsonErrors errors) {
        this.users = users;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EngineUsers.Role role;
        try {
            role = BasicCredentials.parse(request.getHeader(HttpHeaders.AUTHORIZATION))
                    .map(credentials -> users.roleOf(credentials.user(), credentials.password()))
                    .orElse(EngineUsers.Role.NONE);
        } catch (RuntimeException e) {
            if (!DatabaseAway.is(e)) {
                throw e;
            }
            // the login is checked in the database: while it is away, say so as the API's own errors do
            log.warn("Database unavailable: {}", e.getMessage());
            DatabaseAway.answer(response, errors);
            return;
        }
        if (!role.mayRead()) {
            errors.unauthorized(response, "Lifecycle Engine", "Admin or analyst credentials are required (HTTP Basic).");
            return;
        }
        boolean reading = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (role != EngineUsers.Role.ADMIN && !reading) {
            errors.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Analysts may read, not change: this needs an admin.");
            return;
        }
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            // read as it came, a compressed body would be "not valid JSON", and one merely labelled so would be taken
            errors.write(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Content-Encoding: '" + encoding + "' is not supported here; send the body uncompressed");
            return;
        }
        chain.doFilter(request, response);
    }
}
