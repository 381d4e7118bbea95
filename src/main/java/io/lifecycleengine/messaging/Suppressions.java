package io.lifecycleengine.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Users who asked for no more marketing email, and how. */
@Repository
class Suppressions {

    private final JdbcTemplate jdbc;

    Suppressions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the user was suppressed before */
    boolean suppress(String userId, String source, Instant now) {
        try {
            jdbc.update("INSERT INTO message_suppression (user_id, source, created_at) VALUES (?, ?, ?)",
                    userId, source, Timestamp.from(now));
            return true;
        } catch (DuplicateKeyException before) {
            return false;
        }
    }

    boolean isSuppressed(String userId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM message_suppression WHERE user_id = ?", Integer.class, userId);
        return count != null && count > 0;
    }
}
