package io.lifecycleengine.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import io.lifecycleengine.system.Sql;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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

    /**
     * The owners of the given ids that are linked, from id to the user it ends at: an id linked to a user who was
     * aliased later follows the chain (one query per step).
     */
    Map<String, String> ownersOf(Collection<String> ids) {
        Map<String, String> direct = new HashMap<>();
        Set<String> asked = new HashSet<>();
        for (Collection<String> ask = ids; !ask.isEmpty(); ) {
            asked.addAll(ask);
            jdbc.query("SELECT from_id, to_id FROM identity_link WHERE from_id IN (" + Sql.placeholders(ask.size()) + ")",
                    rs -> {
                        direct.put(rs.getString("from_id"), rs.getString("to_id"));
                    }, ask.toArray());
            ask = direct.values().stream().filter(owner -> !asked.contains(owner)).collect(Collectors.toSet());
        }
        Map<String, String> owners = new HashMap<>();
        for (String id : direct.keySet()) {
            String owner = id;
            // a cycle, which older versions could link, ends where it comes round
            for (Set<String> seen = new HashSet<>(); seen.add(owner) && direct.containsKey(owner); ) {
                owner = direct.get(owner);
            }
            owners.put(id, owner);
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
