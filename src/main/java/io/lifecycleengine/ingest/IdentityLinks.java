package io.lifecycleengine.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import io.lifecycleengine.system.Sql;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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

    /** The links among the given ids, from id to owner, with one query. */
    Map<String, String> ownersOf(Collection<String> ids) {
        Map<String, String> owners = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT from_id, to_id FROM identity_link WHERE from_id IN (" + Sql.placeholders(ids.size()) + ")",
                    rs -> {
                        owners.put(rs.getString("from_id"), rs.getString("to_id"));
                    }, ids.toArray());
        }
        return owners;
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
