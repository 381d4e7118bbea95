package io.lifecycleengine.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Which user an anonymousId (or a userId merged away by alias) belongs to; the first link wins. */
@Repository
class IdentityLinks {

    private final JdbcTemplate jdbc;

    IdentityLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> ownerOf(String id) {
        List<String> rows = jdbc.queryForList("SELECT to_id FROM identity_link WHERE from_id = ?", String.class, id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** @return false when the id was linked before */
    boolean link(String fromId, String toId, Instant now) {
        try {
            jdbc.update("INSERT INTO identity_link (from_id, to_id, linked_at) VALUES (?, ?, ?)", fromId, toId,
                    Timestamp.from(now));
            return true;
        } catch (DuplicateKeyException linkedBefore) {
            return false;
        }
    }
}
