package io.lifecycleengine.ingest;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The issued write keys, by hash. */
@Repository
class WriteKeyStore {

    private final JdbcTemplate jdbc;

    WriteKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String name, String keyHash, String prefix, Instant now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO write_key (name, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            insert.setString(1, name);
            insert.setString(2, keyHash);
            insert.setString(3, prefix);
            insert.setTimestamp(4, Timestamp.from(now));
            return insert;
        }, key);
        return Objects.requireNonNull(key.getKey()).longValue();
    }

    List<IssuedWriteKey> all() {
        return jdbc.query("SELECT id, name, key_prefix, created_at, revoked_at FROM write_key ORDER BY id", (rs, n) ->
                new IssuedWriteKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()));
    }

    /** @return false when there is no such key */
    boolean revoke(long id, Instant now) {
        return jdbc.update("UPDATE write_key SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", Timestamp.from(now), id) > 0;
    }

    Set<String> activeHashes() {
        return new HashSet<>(jdbc.queryForList("SELECT key_hash FROM write_key WHERE revoked_at IS NULL", String.class));
    }
}
