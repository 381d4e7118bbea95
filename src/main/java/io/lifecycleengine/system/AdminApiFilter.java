package io.lifecycleengine.system;

import io.lifecycleengine.journey.EngineUsers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/** {@code /api}, the dashboard and the Prometheus endpoint require HTTP Basic with an admin of the engine (the Cockpit login). */
class AdminApiFilter extends OncePerRequestFilter {

    private final EngineUsers users;
    private final JsonErrors errors;

    AdminApiFilter(EngineUsers users, JsonErrors errors) {
        this.users = users;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted = BasicCredentials.parse(request.getHeader(HttpHeaders.AUTHORIZATION))
                .map(credentials -> users.isAdmin(credentials.user(), credentials.password()))
                .orElse(false);
        if (!admitted) {
            errors.unauthorized(response, "Lifecycle Engine", "Admin credentials are required (HTTP Basic).");
            return;
        }
        chain.doFilter(request, response);
    }
}
