package io.lifecycleengine.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A write key as listed: its name and first characters, never the key itself.
 *
 * @param key the key, only in the answer that created it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IssuedWriteKey(long id, String name, String prefix, Instant createdAt, Instant revokedAt, String key) {

    IssuedWriteKey(long id, String name, String prefix, Instant createdAt, Instant revokedAt) {
        this(id, name, prefix, createdAt, revokedAt, null);
    }
}
