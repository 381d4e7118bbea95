package io.lifecycleengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycleengine.system.BasicCredentials;
import io.lifecycleengine.system.Hashes;
import io.lifecycleengine.system.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The write keys the intake accepts: the one configured ({@code lifecycle.ingest.write-key}, from the
 * environment) and those issued through {@code /api/write-keys}, of which only a SHA-256 is stored and
 * which can be revoked. Issued keys are checked against a set of hashes reloaded every few seconds, so
 * a revocation on another node applies within that time and the intake never waits for the database.
 * Segment's two ways to present a key both work: HTTP Basic user (empty password), or {@code writeKey}
 * in the body.
 */
@Component
class WriteKeys {

    static final String REALM = "ingest";
    private static final String VERIFIED = WriteKeys.class.getName() + ".verified";
    private static final String MISSING = "A valid write key is required: as the HTTP Basic user name, or as writeKey in the body.";
    private static final String PREFIX = "wk_";
    private static final int KEY_BYTES = 24;
    private static final int SHOWN_CHARACTERS = 8;

    private final String configuredKey;
    private final WriteKeyStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Set<String> issuedHashes = Set.of();

    WriteKeys(@Value("${lifecycle.ingest.write-key}") String configuredKey, WriteKeyStore store, Clock clock) {
        this.configuredKey = configuredKey;
        this.store = store;
        this.clock = clock;
        reload();
    }

    /** One at a time: a reload that read the keys before an issue or a revocation must not finish after that one's own. */
    @Scheduled(fixedDelayString = "${lifecycle.ingest.write-keys-reload:PT5S}")
    synchronized void reload() {
        issuedHashes = Set.copyOf(store.activeHashes());
    }

    /** Issues a key; the answer is the only place it is ever shown. */
    IssuedWriteKey issue(String name) {
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        String prefix = key.substring(0, SHOWN_CHARACTERS);
        var now = clock.instant();
        long id = store.insert(name, hash(key), prefix, now);
        reload();
        return new IssuedWriteKey(id, name, prefix, now, null, key);
    }

    List<IssuedWriteKey> list() {
        return store.all();
    }

    /** @return false when there is no such key */
    boolean revoke(long id) {
        boolean found = store.revoke(id, clock.instant());
        reload();
        return found;
    }

    boolean isValid(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        return BasicCredentials.secretEquals(configuredKey, key) || issuedHashes.contains(hash(key));
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
        boolean valid = isValid(credentials.get().user());
        request.setAttribute(VERIFIED, valid);
        return valid;
    }

    void verify(HttpServletRequest request, JsonNode body) {
        if (Boolean.TRUE.equals(request.getAttribute(VERIFIED))) {
            return;
        }
        JsonNode given = body == null ? null : body.get("writeKey");
        if (given == null || !given.isTextual() || !isValid(given.asText())) {
            throw new UnauthorizedException(REALM, MISSING);
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String hash(String key) {
        return HexFormat.of().formatHex(Hashes.sha256(key));
    }
}
