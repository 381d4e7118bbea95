package io.lifecycleengine.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycleengine.journey.EngineUsers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Our own guard against two Camunda 7.24 CE advisories, in front of the webapps and {@code /engine-rest}:
 * the Admin webapp's initial setup stays closed once any user exists (CVE-2026-77226), and task and
 * filter queries carrying expressions ({@code ${…}} or {@code #{…}}, also inside {@code orQueries}) are
 * refused before the engine evaluates them (CVE-2026-109432).
 */
class CamundaAdvisoryFilter extends OncePerRequestFilter {

    private static final Pattern INITIAL_SETUP = Pattern.compile("^/camunda/api/admin/setup/.*");
    private static final Pattern TASK_OR_FILTER_QUERY =
            Pattern.compile("^/(engine-rest(/engine/[^/]+)?|camunda/api/engine/engine/[^/]+)/(task|filter)(/.*)?$");
    /** A path parameter (";jsessionid=…") in any segment reaches the same resource: paths are matched without them. */
    private static final Pattern PATH_PARAMETERS = Pattern.compile(";[^/]*");
    private static final int MAX_QUERY_BYTES = 256 * 1024;

    private final EngineUsers users;
    private final JsonErrors errors;
    private final ObjectMapper json;

    CamundaAdvisoryFilter(EngineUsers users, JsonErrors errors, ObjectMapper json) {
        this.users = users;
        this.errors = errors;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = PATH_PARAMETERS.matcher(request.getRequestURI().substring(request.getContextPath().length()))
                .replaceAll("");
        if (INITIAL_SETUP.matcher(path).matches() && users.anyUserExists()) {
            errors.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
                    "The initial setup is closed because users exist (CVE-2026-77226).");
            return;
        }
        if (!TASK_OR_FILTER_QUERY.matcher(path).matches()) {
            chain.doFilter(request, response);
            return;
        }
        boolean inParameters = request.getParameterMap().values().stream().flatMap(Arrays::stream)
                .anyMatch(CamundaAdvisoryFilter::isExpression);
        byte[] body = request.getInputStream().readNBytes(MAX_QUERY_BYTES + 1);
        if (body.length > MAX_QUERY_BYTES) {
            errors.write(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", "A task or filter query is limited to 256 KB.");
            return;
        }
        if (inParameters || (body.length > 0 && carriesExpression(body))) {
            errors.write(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request",
                    "Expressions are not allowed in task or filter queries (CVE-2026-109432).");
            return;
        }
        chain.doFilter(new ReadAgain(request, body), response);
    }

    private boolean carriesExpression(byte[] body) {
        try {
            return anyText(json.readTree(body));
        } catch (JsonProcessingException notJson) {
            // not ours to judge: the engine answers malformed queries itself
            return isExpression(new String(body, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            return true;
        }
    }

    private static boolean anyText(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return isExpression(node.asText());
        }
        for (JsonNode child : node) {
            if (anyText(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExpression(String value) {
        return value != null && (value.contains("${") || value.contains("#{"));
    }

    /** The request with its body, already read for the check, readable once more. */
    private static final class ReadAgain extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }
    }
}
