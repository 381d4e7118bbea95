package io.lifecycleengine.dimension;

import io.lifecycleengine.dimension.SegmentReEvaluation.Progress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The progress of the one segment re-evaluation, shared by the nodes: any node answers it, one node runs it. */
@Repository
class ReEvaluationProgressStore {

    private static final String RUNNING = "running";
    private static final int MAX_ERROR_LENGTH = 1000;

    private final JdbcTemplate jdbc;

    ReEvaluationProgressStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored progress, and when the node running it last recorded any. */
    record Stored(Progress progress, Instant updatedAt) {
    }

    Stored read() {
        return jdbc.queryForObject("""
                SELECT run_state, user_count, done_count, change_count, started_at, finished_at, error_message, updated_at
                FROM segment_re_evaluation WHERE id = 1""", this::map);
    }

    /**
     * Takes the run unless one is running: none is, or the one running recorded nothing since {@code stalledBefore}.
     *
     * @return false when another run (on this node or another) goes on
     */
    boolean claim(Progress starting, Instant stalledBefore) {
        return jdbc.update("""
                UPDATE segment_re_evaluation SET run_state = ?, user_count = ?, done_count = 0, change_count = 0,
                  started_at = ?, finished_at = NULL, error_message = NULL, updated_at = ?
                WHERE id = 1 AND (run_state <> ? OR updated_at < ?)""",
                RUNNING, starting.users(), Timestamp.from(starting.startedAt()), Timestamp.from(starting.startedAt()),
                RUNNING, Timestamp.from(stalledBefore)) == 1;
    }

    /** Records the run's progress, unless another node took over the run meanwhile (the start time tells runs apart). */
    void save(Progress progress, Instant now) {
        String error = progress.error() == null || progress.error().length() <= MAX_ERROR_LENGTH
                ? progress.error() : progress.error().substring(0, MAX_ERROR_LENGTH);
        jdbc.update("""
                UPDATE segment_re_evaluation SET run_state = ?, user_count = ?, done_count = ?, change_count = ?,
                  finished_at = ?, error_message = ?, updated_at = ?
                WHERE id = 1 AND started_at = ?""",
                progress.state(), progress.users(), progress.done(), progress.changes(),
                progress.finishedAt() == null ? null : Timestamp.from(progress.finishedAt()), error, Timestamp.from(now),
                Timestamp.from(progress.startedAt()));
    }

    private Stored map(ResultSet rs, int row) throws SQLException {
        return new Stored(new Progress(rs.getString("run_state"), rs.getLong("user_count"), rs.getLong("done_count"),
                rs.getLong("change_count"), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                rs.getString("error_message")), instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
