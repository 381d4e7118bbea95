package io.lifecycleengine.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camunda's own filters in front of {@code /engine-rest} and the webapps' API (engine-rest's login check, the webapps'
 * authentication) ask the database and let its failure through, which the servlet container answered 500: while the
 * database is away they answer 503 in JSON, as our API does.
 */
class CamundaDatabaseAwayFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CamundaDatabaseAwayFilter.class);

    private final JsonErrors errors;

    CamundaDatabaseAwayFilter(JsonErrors errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException e) {
            if (!DatabaseAway.is(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("Database unavailable: {}", e.getMessage());
            DatabaseAway.answer(response, errors);
        }
    }
}
