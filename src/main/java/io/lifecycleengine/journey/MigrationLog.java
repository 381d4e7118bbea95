package io.lifecycleengine.journey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The reports of past migrations, one row each; an automatic migration's claim makes one node do it. */
@Repository
class MigrationLog {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    MigrationLog(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @return the stored report's id, or empty when the automatic migration was claimed by another node */
    Optional<Long> insert(MigrationReport report, String autoClaim) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        try {
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO journey_migration (process_key, target_definition_id, auto_claim, requested_by,
                          started_at, migrated, skipped, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                        Statement.RETURN_GENERATED_KEYS);
                insert.setString(1, report.processKey());
                insert.setString(2, report.targetDefinitionId());
                insert.setString(3, autoClaim);
                insert.setString(4, report.requestedBy());
                insert.setTimestamp(5, Timestamp.from(report.at()));
                insert.setLong(6, report.migrated());
                insert.setLong(7, report.skipped());
                insert.setString(8, write(report));
                return insert;
            }, key);
        } catch (DuplicateKeyException claimedElsewhere) {
            return Optional.empty();
        }
        return Optional.of(Objects.requireNonNull(key.getKey()).longValue());
    }

    void update(MigrationReport report) {
        jdbc.update("UPDATE journey_migration SET migrated = ?, skipped = ?, report = ? WHERE id = ?",
                report.migrated(), report.skipped(), write(report), report.id());
    }

    Optional<MigrationReport> find(long id) {
        return jdbc.query("SELECT report FROM journey_migration WHERE id = ?", (rs, n) -> read(rs.getString(1)), id)
                .stream().findFirst();
    }

    /** The newest report of a migration of the key to the given version. */
    Optional<MigrationReport> latestTo(String processKey, String targetDefinitionId) {
        return jdbc.query("""
                SELECT report FROM journey_migration WHERE process_key = ? AND target_definition_id = ?
                ORDER BY id DESC LIMIT 1""", (rs, n) -> read(rs.getString(1)), processKey, targetDefinitionId)
                .stream().findFirst();
    }

    List<MigrationReport> latest(int limit) {
        return jdbc.query("SELECT report FROM journey_migration ORDER BY id DESC LIMIT ?", (rs, n) -> read(rs.getString(1)),
                limit);
    }

    private String write(MigrationReport report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write migration report", e);
        }
    }

    private MigrationReport read(String text) {
        try {
            return json.readValue(text, MigrationReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read migration report", e);
        }
    }
}
