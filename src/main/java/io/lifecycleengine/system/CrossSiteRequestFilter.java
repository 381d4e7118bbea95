package io.lifecycleengine.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser adds the admin's cached HTTP Basic login to any request to the engine, also to a form post or a
 * {@code no-cors} fetch from another site's page: changes to {@code /api} and {@code /engine-rest} that the browser
 * marks as coming from another site ({@code Sec-Fetch-Site}, else {@code Origin}) are refused. Clients that send
 * neither header (curl, Camunda Modeler, SDKs) are no browser page and go on.
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_SITE_FETCHES = Set.of("same-origin", "none");

    private final JsonErrors errors;
    private final Optional<String> publicOrigin;

    CrossSiteRequestFilter(JsonErrors errors, String publicBaseUrl) {
        this.errors = errors;
        this.publicOrigin = publicBaseUrl == null ? Optional.empty() : originOf(publicBaseUrl);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod()) || !crossSite(request)) {
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String from = origin != null ? "Origin: " + origin : "Sec-Fetch-Site: " + request.getHeader("Sec-Fetch-Site");
        errors.write(response, HttpServletResponse.SC_FORBIDDEN, "cross_site_request", "Cross-site " + request.getMethod()
                + " refused (" + from + "): a browser may change things here only from the engine's own pages;"
                + " clients that send no Origin, such as curl and Camunda Modeler, are not affected");
    }

    /** The browser's own word when it gives it ({@code Sec-Fetch-Site}), else the origin it names. */
    private boolean crossSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            return !OWN_SITE_FETCHES.contains(fetchSite.trim().toLowerCase(Locale.ROOT));
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        Optional<String> claimed = originOf(origin.trim());
        return claimed.isEmpty() || !(claimed.equals(publicOrigin) || claimed.equals(ownOrigin(request)));
    }

    /** As the server sees it: behind a proxy, with its {@code X-Forwarded-*} headers only if told to trust them. */
    private static Optional<String> ownOrigin(HttpServletRequest request) {
        String host = request.getServerName();
        host = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return originOf(request.getScheme() + "://" + host + ":" + request.getServerPort());
    }

    /** Scheme, host and port, the port written out also where it is the scheme's default. */
    private static Optional<String> originOf(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
