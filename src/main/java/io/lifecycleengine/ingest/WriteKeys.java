package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.system.BasicCredentials;
import io.lifecycleengine.system.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** Segment's two ways to present the write key: HTTP Basic user (empty password), or {@code writeKey} in the body. */
@Component
class WriteKeys {

    static final String REALM = "ingest";
    private static final String VERIFIED = WriteKeys.class.getName() + ".verified";
    private static final String MISSING = "A valid write key is required: as the HTTP Basic user name, or as writeKey in the body.";

    private final String writeKey;

    WriteKeys(@Value("${lifecycle.ingest.write-key}") String writeKey) {
        this.writeKey = writeKey;
    }

    /**
     * Checks the Authorization header before the body is read.
     *
     * @return false when a header names a wrong key; true otherwise (the body may still carry the key)
     */
    boolean checkHeader(HttpServletRequest request) {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (credentials.isEmpty()) {
            return request.getHeader(HttpHeaders.AUTHORIZATION) == null;
        }
        boolean valid = BasicCredentials.secretEquals(writeKey, credentials.get().user());
        request.setAttribute(VERIFIED, valid);
        return valid;
    }

    void verify(HttpServletRequest request, JsonNode body) {
        if (Boolean.TRUE.equals(request.getAttribute(VERIFIED))) {
            return;
        }
        JsonNode given = body == null ? null : body.get("writeKey");
        if (given == null || !given.isTextual() || !BasicCredentials.secretEquals(writeKey, given.asText())) {
            throw new UnauthorizedException(REALM, MISSING);
        }
    }
}
